import type { NeutralFinishReason } from '../../exchange/stream-part';
import type { FinishReason } from '../../openai-chat-types';

/** The Chat Completions `finish_reason` for a neutral one; reasons OpenAI lacks read as `stop`. */
export function toOpenAIFinishReason(reason: NeutralFinishReason): FinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
    default:
      // stop, stop-sequence (OpenAI says `stop` for both), pause and other.
      return 'stop';
  }
}
