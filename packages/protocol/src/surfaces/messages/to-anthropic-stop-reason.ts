import type { NeutralFinishReason } from '../../exchange/stream-part';
import type { AnthropicStopReason } from './anthropic-messages-types';

const STOP_REASONS: Record<NeutralFinishReason, AnthropicStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'stop-sequence': 'stop_sequence',
  // Anthropic has no content-filter stop: a refusal is its nearest meaning.
  'content-filter': 'refusal',
  refusal: 'refusal',
  pause: 'pause_turn',
  other: 'end_turn',
};

/**
 * The Anthropic stop reason for a neutral finish. Some OpenAI-shaped servers answer
 * `finish_reason: "stop"` after tool calls; Anthropic clients run tools only on `tool_use`, so an
 * answer that called tools and stopped normally says `tool_use`. A `stop` that names the stop
 * sequence it hit says `stop_sequence`.
 */
export function toAnthropicStopReason(
  reason: NeutralFinishReason,
  context: { calledTools: boolean; stopSequence?: string },
): AnthropicStopReason {
  if (reason === 'stop' && context.calledTools) return 'tool_use';
  if (reason === 'stop' && context.stopSequence !== undefined) return 'stop_sequence';
  return STOP_REASONS[reason] ?? 'end_turn';
}
