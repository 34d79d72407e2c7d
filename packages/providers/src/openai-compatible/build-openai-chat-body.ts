import type { ChatCompletionRequest } from '@switchboard/protocol';

/**
 * The client's request with only the model swapped for the upstream name. Every other field the
 * client sent (tools, response_format, seed, logprobs, ...) passes through untouched. Streams
 * always ask for the usage chunk: billing needs it; the translator strips it again when the
 * client did not ask for it.
 */
export function buildOpenAIChatBody(
  request: ChatCompletionRequest,
  upstreamModel: string,
  stream: boolean,
  /** Fields the request's surface asked for that Chat Completions cannot say (reasoning controls). */
  extraFields?: Record<string, unknown>,
): string {
  // Copied field by field rather than spread and then `delete`d: deleting turns the object into a
  // slow dictionary, which made JSON.stringify (the bulk of this function) dearer on every request.
  const fields = request as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const field in fields) {
    // Routing preferences are Switchboard's, not the upstream's.
    if (field === 'provider' || field === 'models') continue;
    if (!stream && (field === 'stream' || field === 'stream_options')) continue;
    // Copied as is even when replaced below, so every field keeps its place in the output.
    body[field] = fields[field];
  }
  body.model = upstreamModel;
  if (extraFields !== undefined) {
    // A field the client wrote itself stays as written.
    for (const field in extraFields) if (!(field in body)) body[field] = extraFields[field];
  }
  if (stream) {
    body.stream = true;
    body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  }
  return JSON.stringify(body);
}
