import type { CompletionUsage, TokenUsage } from '@switchboard/protocol';

/**
 * OpenAI-shaped usage to TokenUsage. Cache hits are reported as
 * `prompt_tokens_details.cached_tokens` by OpenAI and as `prompt_cache_hit_tokens` by DeepSeek;
 * both are already included in `prompt_tokens`.
 */
export function convertOpenAIUsage(usage: CompletionUsage | null | undefined): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    cachedInputTokens: cached,
    cacheWriteTokens: 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
