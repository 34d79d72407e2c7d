import { describeHttpStatus } from '../describe-http-status';
import type { UpstreamErrorDetails } from '../provider-adapter';

/** Reads OpenAI's `{"error":{"message","type","code"}}` (also used by most compatible servers). */
export function openAIErrorDetails(status: number, body: string): UpstreamErrorDetails {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = parsed.error;
    if (error && typeof error === 'object') {
      const record = error as { message?: unknown; type?: unknown; code?: unknown };
      if (typeof record.message === 'string' && record.message.length > 0) {
        return {
          message: record.message,
          type: typeof record.type === 'string' ? record.type : undefined,
          code: typeof record.code === 'string' ? record.code : record.code == null ? null : String(record.code),
        };
      }
    }
    if (typeof error === 'string') return { message: error };
    // vLLM and some proxies answer `{"message": ...}` or FastAPI's `{"detail": ...}`.
    if (typeof parsed.message === 'string') return { message: parsed.message };
    if (typeof parsed.detail === 'string') return { message: parsed.detail };
  } catch {
    // Not JSON: fall through to the status text.
  }
  return { message: describeHttpStatus(status) };
}
