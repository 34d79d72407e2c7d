import type { ChatCompletionRequest } from '@switchboard/protocol';
import type { AnthropicMessagesRequest } from './anthropic-api';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';
import { prepareAnthropicTools } from './prepare-anthropic-tools';

/** Anthropic requires max_tokens where OpenAI makes it optional. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** The whole OpenAI chat request -> the body of `POST /v1/messages`. */
export function convertToAnthropicRequest(
  request: ChatCompletionRequest,
  upstreamModel: string,
  stream: boolean,
): AnthropicMessagesRequest {
  const { system, messages } = convertToAnthropicMessages(request.messages);
  const body: AnthropicMessagesRequest = {
    model: upstreamModel,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
  };
  if (system !== undefined) body.system = system;
  const stopSequences = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
  const nonEmptyStops = stopSequences.filter((stop) => stop.length > 0);
  if (nonEmptyStops.length > 0) body.stop_sequences = nonEmptyStops;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  // Not an OpenAI field, but several OpenAI-compatible clients send it for samplers that have it.
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (typeof request.user === 'string' && request.user.length > 0) body.metadata = { user_id: request.user };
  Object.assign(body, prepareAnthropicTools(request));
  if (stream) body.stream = true;
  return body;
}
