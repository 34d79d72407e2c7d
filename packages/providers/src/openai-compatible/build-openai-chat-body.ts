import type { ChatCompletionRequest } from '@switchboard/protocol';

/**
 * The client's request with only the model swapped for the upstream name. Every other field the
 * client sent (tools, response_format, seed, logprobs, ...) passes through untouched. Streams
 * always ask for the usage chunk: billing needs it; the translator strips it again when the
 * client did not ask for it.
 */
export function buildOpenAIChatBody(request: ChatCompletionRequest, upstreamModel: string, stream: boolean): string {
  const body: Record<string, unknown> = { ...request, model: upstreamModel };
  if (stream) {
    body.stream = true;
    body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  // Routing preferences are Switchboard's, not the upstream's.
  delete body.provider;
  delete body.models;
  return JSON.stringify(body);
}
