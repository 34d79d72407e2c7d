import type { UpstreamErrorDetails } from '../provider-adapter';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads Google's `{"error":{"code","message","status","details"}}` (google.rpc.Status), also
 * when wrapped in an array as the JSON-array stream framing sends it. `type` is the status name
 * (INVALID_ARGUMENT, RESOURCE_EXHAUSTED); `code` is the ErrorInfo reason when there is one
 * (API_KEY_INVALID), which says more than the status.
 */
export function readGeminiError(value: unknown): UpstreamErrorDetails | undefined {
  const body = Array.isArray(value) ? value[0] : value;
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const error = body.error;
  const status = typeof error.status === 'string' ? error.status : undefined;
  const reason = Array.isArray(error.details)
    ? error.details.find((detail): detail is Record<string, unknown> => isRecord(detail) && typeof detail.reason === 'string')
        ?.reason
    : undefined;
  const message =
    typeof error.message === 'string' && error.message.length > 0
      ? error.message
      : `Gemini error ${status ?? (typeof error.code === 'number' ? error.code : 'without a message')}`;
  return { message, type: status, code: typeof reason === 'string' ? reason : (status ?? null) };
}
