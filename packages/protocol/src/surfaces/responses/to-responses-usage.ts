import type { TokenUsage } from '../../token-usage';
import type { ResponsesUsage } from './responses-types';

/**
 * TokenUsage as the Responses `usage` object. OpenAI counts cached tokens inside `input_tokens`
 * and reasoning tokens inside `output_tokens`, as TokenUsage does, so the counts carry over.
 * Cache writes (Anthropic-served answers) are shown only when there were some: OpenAI's own
 * answers rarely carry the field, and clients that parse usage strictly know only cached_tokens.
 */
export function toResponsesUsage(usage: TokenUsage): ResponsesUsage {
  const inputDetails: ResponsesUsage['input_tokens_details'] = { cached_tokens: usage.cachedInputTokens };
  if (usage.cacheWriteTokens > 0) inputDetails.cache_write_tokens = usage.cacheWriteTokens;
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: inputDetails,
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
