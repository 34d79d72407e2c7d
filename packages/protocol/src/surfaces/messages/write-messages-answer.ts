import type { NeutralFinishReason, StreamPart } from '../../exchange/stream-part';
import { emptyUsage, type TokenUsage } from '../../token-usage';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-messages-types';
import { toAnthropicStopReason } from './to-anthropic-stop-reason';
import { toAnthropicUsage } from './to-anthropic-usage';
import { UNSIGNED_THINKING_SIGNATURE } from './unsigned-thinking-signature';

interface ToolCallDraft {
  block: { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };
  argumentsText: string;
}

/**
 * A tool call's arguments as the `input` object Anthropic requires. Arguments that are not a
 * JSON object (cut by max_tokens, or a model that wrote prose) become `{}`: Anthropic clients
 * validate `input` against the tool's schema and answer the model with a tool error, which is
 * how it recovers; the raw text is not kept, because an extra field on a `tool_use` block would
 * be replayed into the next request and rejected by Anthropic-format upstreams.
 */
function parseToolInput(argumentsText: string): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsText);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The whole Messages answer from an answer's parts, blocks in the order the parts came: runs of
 * text and of reasoning each make one block, every tool call its own `tool_use`. An `error` part
 * is not an answer: the caller answers it with the surface's error response instead.
 */
export function writeMessagesAnswer(parts: readonly StreamPart[], meta: { id: string; model: string }): AnthropicMessage {
  const content: AnthropicContentBlock[] = [];
  const toolCalls = new Map<number, ToolCallDraft>();
  let model = meta.model;
  let usage: TokenUsage | undefined;
  let finish: { reason: NeutralFinishReason; stopSequence?: string } | undefined;
  let signedLast = false;

  for (const part of parts) {
    const last = content[content.length - 1];
    switch (part.type) {
      case 'metadata':
        if (part.model) model = part.model;
        break;
      case 'text-delta':
        if (part.text === '') break;
        if (last?.type === 'text') last.text += part.text;
        else content.push({ type: 'text', text: part.text });
        break;
      case 'reasoning-delta':
        if (last?.type === 'thinking' && !signedLast) last.thinking += part.text;
        else {
          content.push({ type: 'thinking', thinking: part.text, signature: UNSIGNED_THINKING_SIGNATURE });
          signedLast = false;
        }
        break;
      case 'reasoning-signature':
        if (last?.type === 'thinking' && !signedLast) last.signature = part.signature;
        else content.push({ type: 'thinking', thinking: '', signature: part.signature });
        signedLast = true;
        break;
      case 'redacted-reasoning':
        content.push({ type: 'redacted_thinking', data: part.data });
        break;
      case 'tool-call-start': {
        const draft: ToolCallDraft = {
          block: { type: 'tool_use', id: part.id, name: part.name, input: {} },
          argumentsText: '',
        };
        toolCalls.set(part.index, draft);
        content.push(draft.block);
        break;
      }
      case 'tool-call-delta': {
        const draft = toolCalls.get(part.index);
        if (draft) draft.argumentsText += part.argumentsDelta;
        break;
      }
      case 'usage':
        usage = part.usage;
        break;
      case 'finish':
        finish = { reason: part.reason, stopSequence: part.stopSequence };
        break;
      default:
        break;
    }
  }

  for (const draft of toolCalls.values()) draft.block.input = parseToolInput(draft.argumentsText);
  const stopReason = finish
    ? toAnthropicStopReason(finish.reason, { calledTools: toolCalls.size > 0, stopSequence: finish.stopSequence })
    : null;
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (finish?.stopSequence ?? null) : null,
    usage: toAnthropicUsage(usage ?? emptyUsage()),
  };
}
