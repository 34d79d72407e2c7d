import type { NeutralFinishReason } from '@switchboard/protocol';

/** Anthropic `stop_reason` in the exchange core's vocabulary; unknown future reasons read as `other`. */
export function mapAnthropicStopReason(stopReason: string | null | undefined): NeutralFinishReason {
  switch (stopReason) {
    case 'end_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'refusal';
    case 'pause_turn':
      // A server tool paused a long turn; the client continues it.
      return 'pause';
    default:
      return 'other';
  }
}
