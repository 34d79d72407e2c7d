import type { FinishReason } from '@switchboard/protocol';

/** Anthropic `stop_reason` -> OpenAI `finish_reason`. Unknown future reasons read as a normal stop. */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn (a server tool paused a long turn) and anything new.
      return 'stop';
  }
}
