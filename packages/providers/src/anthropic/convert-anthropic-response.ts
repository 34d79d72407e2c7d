import { type ChatCompletion, type ChatMessage, type ToolCall, toOpenAIUsage } from '@switchboard/protocol';
import type { ChatResult } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import type {
  AnthropicMessagesResponse,
  AnthropicResponseBlock,
  AnthropicThinkingBlock,
  AnthropicToolUseBlock,
} from './anthropic-api';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

export interface AnthropicResponseContext {
  /** Used only when the upstream body lacks its own id or model. */
  id: string;
  created: number;
  upstreamModel: string;
}

/** A whole Anthropic message (the body text) -> an OpenAI chat.completion and its usage. */
export function convertAnthropicResponse(body: string, context: AnthropicResponseContext): ChatResult {
  const response = parseMessage(body);
  let text: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of response.content) {
    if (isText(block)) text = (text ?? '') + block.text;
    else if (isThinking(block)) reasoning = (reasoning ?? '') + block.thinking;
    else if (isToolUse(block)) {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
    // redacted_thinking, server tool blocks and future types have no OpenAI counterpart.
  }
  const message: ChatMessage & { role: 'assistant' } = { role: 'assistant', content: text ?? null };
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const usage = convertAnthropicUsage(response.usage);
  const completion: ChatCompletion = {
    id: typeof response.id === 'string' && response.id.length > 0 ? response.id : context.id,
    object: 'chat.completion',
    created: context.created,
    model: typeof response.model === 'string' && response.model.length > 0 ? response.model : context.upstreamModel,
    choices: [{ index: 0, message, finish_reason: mapAnthropicStopReason(response.stop_reason), logprobs: null }],
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
}

function parseMessage(body: string): AnthropicMessagesResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('Anthropic returned a body that is not JSON');
  }
  const candidate = parsed as Partial<AnthropicMessagesResponse> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.content)) {
    throw new UpstreamProtocolError('Anthropic returned JSON that is not a message');
  }
  return candidate as AnthropicMessagesResponse;
}

function isText(block: AnthropicResponseBlock): block is { type: 'text'; text: string } {
  return block.type === 'text' && typeof block.text === 'string';
}

function isThinking(block: AnthropicResponseBlock): block is AnthropicThinkingBlock {
  return block.type === 'thinking' && typeof block.thinking === 'string';
}

function isToolUse(block: AnthropicResponseBlock): block is AnthropicToolUseBlock {
  return block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string';
}
