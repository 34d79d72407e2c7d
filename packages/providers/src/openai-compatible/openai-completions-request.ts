import type { ChatCompletionRequest } from '@switchboard/protocol';
import type { AdapterTarget, UpstreamRequest } from '../provider-adapter';
import { buildOpenAIChatBody } from './build-openai-chat-body';

/**
 * Native passthrough of a legacy `/v1/completions` body to a model that serves it (see
 * legacyCompletionsUrl): the client's fields in place, with the upstream's model name and, for a
 * stream, `stream_options.include_usage` for billing (DESIGN.md contract 9), as for chat bodies.
 */
export function openAICompletionsRequest(
  body: Record<string, unknown>,
  url: string,
  target: AdapterTarget,
  stream: boolean,
): UpstreamRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...target.provider.headers };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  // The chat body builder only copies fields, swaps the model and asks for usage: it reads no chat field.
  return {
    url,
    method: 'POST',
    headers,
    body: buildOpenAIChatBody(body as unknown as ChatCompletionRequest, target.upstreamModel, stream),
  };
}
