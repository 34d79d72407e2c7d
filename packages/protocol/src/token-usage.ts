// Provider-neutral token counts, as the upstream reported them. Every adapter converts its
// provider's usage into this shape; cost and billing read only this.

export interface TokenUsage {
  /** All input tokens, including cached ones and cache writes. */
  inputTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at the cached-input price). */
  cachedInputTokens: number;
  /** Input tokens written to the prompt cache (Anthropic bills these above the input price). */
  cacheWriteTokens: number;
  /**
   * The part of cacheWriteTokens written with a 1-hour lifetime (Anthropic bills these at 2x the
   * input price, the 5-minute rest at 1.25x). Absent: every write has the 5-minute lifetime.
   */
  cacheWrite1hTokens?: number;
  /** The part of inputTokens that was audio (billed at the audio input price where there is one). */
  audioInputTokens?: number;
  /** All output tokens, including reasoning tokens. */
  outputTokens: number;
  /** Output tokens spent on hidden reasoning (a subset of outputTokens). */
  reasoningTokens: number;
  /** The part of outputTokens that was audio (billed at the audio output price where there is one). */
  audioOutputTokens?: number;
}

export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
}

/** The OpenAI `usage` object a client sees for the given counts. */
export function toOpenAIUsage(usage: TokenUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
