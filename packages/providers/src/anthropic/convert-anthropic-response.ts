import { type ChatCompletion, type ChatMessage, type ToolCall, toOpenAIFinishReason, toOpenAIUsage } from '@switchboard/protocol';
import type { ChatResult } from '../provider-adapter';
import type { AnthropicResponseBlock, AnthropicThinkingBlock, AnthropicToolUseBlock } from './anthropic-api';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { parseAnthropicMessage } from './parse-anthropic-message';

export interface AnthropicResponseContext {
  /** Used only when the upstream body lacks its own id or model. */
  id: string;
  created: number;
  upstreamModel: string;
}

/** A whole Anthropic message (the body text) -> an OpenAI chat.completion and its usage. */
export function convertAnthropicResponse(body: string, context: AnthropicResponseContext): ChatResult {
  const response = parseAnthropicMessage(body);
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
    choices: [
      { index: 0, message, finish_reason: toOpenAIFinishReason(mapAnthropicStopReason(response.stop_reason)), logprobs: null },
    ],
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
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
