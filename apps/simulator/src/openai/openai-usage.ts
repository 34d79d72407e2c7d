import type { UsageSent } from '../recorded-request';

/** OpenAI's usage object; DeepSeek models add their prompt-cache hit/miss split. */
export function openAIUsage(usage: UsageSent, deepSeek: boolean, override?: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  if (deepSeek) {
    body.prompt_cache_hit_tokens = usage.cachedInputTokens;
    body.prompt_cache_miss_tokens = usage.inputTokens - usage.cachedInputTokens;
  }
  return override ? Object.assign(body, override) : body;
}
