import type { NeutralFinishReason } from '@switchboard/protocol';

/** Converse `stopReason` in the exchange core's vocabulary; unknown future reasons read as `other`. */
export function mapBedrockStopReason(stopReason: string | null | undefined): NeutralFinishReason {
  switch (stopReason) {
    case 'end_turn':
      return 'stop';
    case 'tool_use':
      return 'tool-calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content-filter';
    default:
      return 'other';
  }
}
