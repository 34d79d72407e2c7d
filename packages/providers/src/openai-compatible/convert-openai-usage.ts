import type { CompletionUsage, TokenUsage } from '@switchboard/protocol';

/**
 * OpenAI-shaped usage to TokenUsage. Cache hits are reported as
 * `prompt_tokens_details.cached_tokens` by OpenAI and as `prompt_cache_hit_tokens` by DeepSeek;
 * both are already included in `prompt_tokens`. Audio tokens (`*_tokens_details.audio_tokens`,
 * parts of the totals) are kept where reported, for audio prices.
 */
export function convertOpenAIUsage(usage: CompletionUsage | null | undefined): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  const converted: TokenUsage = {
    inputTokens: usage.prompt_tokens ?? 0,
    cachedInputTokens: cached,
    cacheWriteTokens: 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
  const audioIn = usage.prompt_tokens_details?.audio_tokens;
  const audioOut = usage.completion_tokens_details?.audio_tokens;
  // Only when present and non-zero: the sanitiser checks what is there, and most answers have none.
  if (audioIn !== undefined && audioIn !== 0) converted.audioInputTokens = audioIn as number;
  if (audioOut !== undefined && audioOut !== 0) converted.audioOutputTokens = audioOut as number;
  return converted;
}
