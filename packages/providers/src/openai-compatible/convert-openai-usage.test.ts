import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from './convert-openai-usage';

describe('convertOpenAIUsage', () => {
  it('names cached, reasoning and audio parts of the totals', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 120,
        completion_tokens: 80,
        total_tokens: 200,
        prompt_tokens_details: { cached_tokens: 20, audio_tokens: 50 },
        completion_tokens_details: { reasoning_tokens: 10, audio_tokens: 30 },
      }),
    ).toEqual({
      inputTokens: 120,
      cachedInputTokens: 20,
      cacheWriteTokens: 0,
      outputTokens: 80,
      reasoningTokens: 10,
      audioInputTokens: 50,
      audioOutputTokens: 30,
    });
  });

  it("reads DeepSeek's cache hits and leaves audio absent when none is reported", () => {
    const usage = convertOpenAIUsage({
      prompt_tokens: 2_200,
      completion_tokens: 300,
      total_tokens: 2_500,
      prompt_cache_hit_tokens: 2_000,
    });
    expect(usage).toEqual({
      inputTokens: 2_200,
      cachedInputTokens: 2_000,
      cacheWriteTokens: 0,
      outputTokens: 300,
      reasoningTokens: 0,
    });
  });
});
