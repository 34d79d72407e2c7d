import type { StreamErrorDetails } from '../../exchange/stream-part';

/**
 * The event that ends a Chat Completions stream which failed after it began, shaped the way
 * OpenAI itself sends a mid-stream error: an `error` object and no `choices`, no [DONE] after
 * it. Every OpenAI SDK raises it as an error instead of returning a silently short answer.
 */
export function chatErrorFrame(error: StreamErrorDetails): string {
  const frame = { error: { message: error.message, type: error.type ?? 'upstream_error', code: error.code ?? null } };
  return `data: ${JSON.stringify(frame)}\n\n`;
}
