import type { StreamErrorDetails } from '@switchboard/protocol';

/**
 * The error of a failed Responses answer: `response.error` (`{code, message}`), an `error`
 * stream event (`{code, message, param}` at its top level, as the API reference shows), or the
 * same event with the fields nested in `error` (with a `type`), as some servers send it.
 */
export function readOpenAIResponsesError(value: unknown): StreamErrorDetails | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as { message?: unknown; code?: unknown; type?: unknown; error?: unknown };
  const nested = record.error && typeof record.error === 'object' ? readOpenAIResponsesError(record.error) : undefined;
  if (nested) return nested;
  const message = typeof record.message === 'string' && record.message.length > 0 ? record.message : undefined;
  const code = typeof record.code === 'string' ? record.code : record.code == null ? null : String(record.code);
  if (message === undefined && code === null) return undefined;
  const details: StreamErrorDetails = { message: message ?? `The upstream response failed (${code})`, code };
  // An event's own `type` is `error`, not the error's type.
  if (typeof record.type === 'string' && record.type !== 'error') details.type = record.type;
  return details;
}
