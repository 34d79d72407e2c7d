import type { ChatCompletionRequest, NeutralReasoning } from '@switchboard/protocol';
import { rejectUnhonouredChoices } from '../reject-unhonoured-choices';
import type { AnthropicMessage, AnthropicMessagesRequest } from './anthropic-api';
import { convertAnthropicResponseFormat } from './convert-anthropic-response-format';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';
import { convertToAnthropicThinking } from './convert-to-anthropic-thinking';
import { prepareAnthropicTools } from './prepare-anthropic-tools';

/** Anthropic requires max_tokens where OpenAI makes it optional. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/**
 * Whether the conversation is inside a tool loop whose assistant turn Anthropic would need the
 * signed thinking block of: with thinking on, the last assistant message, when it calls tools,
 * must begin with that block, and a chat-shaped conversation never carries one (no signature
 * survives another format). Anthropic answers such a request 400.
 */
function inUnsignedToolLoop(messages: readonly AnthropicMessage[]): boolean {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'assistant') return message.content.some((block) => block.type === 'tool_use');
  }
  return false;
}

/**
 * The whole OpenAI chat request -> the body of `POST /v1/messages`. `reasoning` is the thinking
 * a Messages-surface client asked for; absent for requests that arrived as Chat Completions.
 */
export function convertToAnthropicRequest(
  request: ChatCompletionRequest,
  upstreamModel: string,
  stream: boolean,
  reasoning?: NeutralReasoning,
): AnthropicMessagesRequest {
  rejectUnhonouredChoices(request, 'Anthropic');
  const { system, messages } = convertToAnthropicMessages(request.messages);
  const responseFormat = convertAnthropicResponseFormat(request.response_format);
  const settings = convertToAnthropicThinking(
    reasoning,
    request.reasoning_effort,
    request.max_completion_tokens ?? request.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
  );
  // Thinking off for a tool-result turn it would be refused on (Codex asks for reasoning on
  // every turn); the turn's next text answer thinks again. max_tokens keeps the thinking room.
  const thinking = settings.thinking !== undefined && inUnsignedToolLoop(messages) ? undefined : settings.thinking;
  const max_tokens = settings.max_tokens;
  const body: AnthropicMessagesRequest = { model: upstreamModel, max_tokens, messages };
  const instruction = responseFormat.systemInstruction;
  const fullSystem = instruction === undefined ? system : system === undefined ? instruction : `${system}\n\n${instruction}`;
  if (fullSystem !== undefined) body.system = fullSystem;
  const stopSequences = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
  const nonEmptyStops = stopSequences.filter((stop) => stop.length > 0);
  if (nonEmptyStops.length > 0) body.stop_sequences = nonEmptyStops;
  // With thinking on, Anthropic refuses temperature and top_k and takes top_p only from 0.95 to 1;
  // the thinking the client asked for outweighs sampling settings written for another provider.
  if (typeof request.temperature === 'number' && thinking === undefined) body.temperature = request.temperature;
  if (typeof request.top_p === 'number' && (thinking === undefined || request.top_p >= 0.95)) body.top_p = request.top_p;
  // Not an OpenAI field, but several OpenAI-compatible clients send it for samplers that have it.
  if (typeof request.top_k === 'number' && thinking === undefined) body.top_k = request.top_k;
  if (typeof request.user === 'string' && request.user.length > 0) body.metadata = { user_id: request.user };
  Object.assign(body, prepareAnthropicTools(request));
  if (thinking !== undefined) body.thinking = thinking;
  if (responseFormat.output_config !== undefined) body.output_config = responseFormat.output_config;
  if (stream) body.stream = true;
  return body;
}
