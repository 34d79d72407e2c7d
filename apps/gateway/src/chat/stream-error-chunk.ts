/**
 * The last event of a stream whose upstream broke after output had reached the client
 * (OpenRouter's convention): an `error` object and finish_reason 'error'. No [DONE] follows, and
 * no other provider's text is spliced in. The openai SDK raises it as an APIError.
 */
export function streamErrorChunk(id: string, model: string, message: string, code: string): string {
  const chunk = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta: {}, finish_reason: 'error' }],
    error: { message, type: 'upstream_error', code },
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}
