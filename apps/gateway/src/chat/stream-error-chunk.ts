import { chatErrorFrame } from '@switchboard/protocol';

/**
 * The last event of a stream whose upstream broke after output had reached the client: the
 * choices-less `{"error": ...}` frame OpenAI itself sends mid-stream (the Chat writer's `fail()`).
 * No [DONE] follows, and no other provider's text is spliced in. Every OpenAI SDK raises it.
 */
export function streamErrorChunk(message: string, code: string): string {
  return chatErrorFrame({ message, type: 'upstream_error', code });
}
