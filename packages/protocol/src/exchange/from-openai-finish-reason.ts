import type { FinishReason } from '../openai-chat-types';
import type { NeutralFinishReason } from './stream-part';

/** An OpenAI-shaped `finish_reason` in the exchange core's vocabulary; anything unknown is `other`. */
export function fromOpenAIFinishReason(reason: FinishReason | string | null | undefined): NeutralFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
