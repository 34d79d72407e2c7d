import type { TokenUsage } from '@switchboard/protocol';

/** The `usage` object of an OpenAI Responses answer, as far as the gateway reads it. */
export interface OpenAIResponsesUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
  total_tokens?: number;
}

/**
 * Responses usage to TokenUsage. OpenAI's `input_tokens` already includes the cached tokens
 * (`input_tokens_details.cached_tokens`) and `output_tokens` the reasoning ones, as TokenUsage
 * counts them; counts are passed on as reported (sanitizeTokenUsage judges them later).
 */
export function convertOpenAIResponsesUsage(usage: unknown): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const reported = usage as OpenAIResponsesUsage;
  return {
    inputTokens: reported.input_tokens ?? 0,
    cachedInputTokens: reported.input_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: reported.input_tokens_details?.cache_write_tokens ?? 0,
    outputTokens: reported.output_tokens ?? 0,
    reasoningTokens: reported.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
