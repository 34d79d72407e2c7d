import type { StreamPart } from '@switchboard/protocol';
import type { AnswerParts } from '../provider-adapter';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { parseAnthropicMessage } from './parse-anthropic-message';

/**
 * A whole Anthropic message as parts, read natively rather than through the Chat Completions
 * form, so a thinking block's signature and redacted thinking reach a Messages client intact.
 */
export function anthropicAnswerParts(body: string, context: { id: string; upstreamModel: string }): AnswerParts {
  const message = parseAnthropicMessage(body);
  const parts: StreamPart[] = [
    {
      type: 'metadata',
      id: typeof message.id === 'string' && message.id.length > 0 ? message.id : context.id,
      model: typeof message.model === 'string' && message.model.length > 0 ? message.model : context.upstreamModel,
    },
  ];
  let toolIndex = 0;
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') {
      parts.push({ type: 'text-delta', text: block.text });
    } else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      parts.push({ type: 'reasoning-delta', text: block.thinking });
      if (typeof block.signature === 'string') parts.push({ type: 'reasoning-signature', signature: block.signature });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      parts.push({ type: 'redacted-reasoning', data: block.data });
    } else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      const index = toolIndex++;
      parts.push({ type: 'tool-call-start', index, id: block.id, name: block.name });
      parts.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(block.input ?? {}) });
      parts.push({ type: 'tool-call-end', index });
    }
    // Server tool blocks and future block types have no part of their own.
  }
  const usage = convertAnthropicUsage(message.usage);
  parts.push({ type: 'usage', usage });
  const reason = mapAnthropicStopReason(message.stop_reason);
  parts.push(
    reason === 'stop-sequence' && typeof message.stop_sequence === 'string'
      ? { type: 'finish', reason, stopSequence: message.stop_sequence }
      : { type: 'finish', reason },
  );
  return { parts, usage };
}
