import type { NeutralFinishReason } from '@switchboard/protocol';

/** What a finished Responses answer held, for its finish reason. */
export interface ResponsesOutcome {
  /** `completed` or `incomplete` (a `failed` answer ends with an error part instead). */
  status: string | undefined;
  /** `incomplete_details.reason`: `max_output_tokens` or `content_filter`. */
  incompleteReason: string | undefined;
  toolCalled: boolean;
  refused: boolean;
}

/**
 * The Responses API has no finish_reason: a completed answer that called a tool ends for tool
 * calls, one that only refused ends as a refusal, an incomplete one says why in
 * `incomplete_details`.
 */
export function mapOpenAIResponsesFinish(outcome: ResponsesOutcome): NeutralFinishReason {
  if (outcome.status === 'incomplete') {
    if (outcome.incompleteReason === 'max_output_tokens') return 'length';
    if (outcome.incompleteReason === 'content_filter') return 'content-filter';
    return 'other';
  }
  if (outcome.toolCalled) return 'tool-calls';
  if (outcome.refused) return 'refusal';
  return 'stop';
}
