import { describe, expect, it } from 'vitest';
import { convertGeminiUsage } from './convert-gemini-usage';

describe('convertGeminiUsage', () => {
  it('counts thinking as output and reasoning, and cached content as cached input', () => {
    expect(
      convertGeminiUsage({
        promptTokenCount: 2080,
        cachedContentTokenCount: 2048,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 120,
        totalTokenCount: 2230,
      }),
    ).toEqual({ inputTokens: 2080, cachedInputTokens: 2048, cacheWriteTokens: 0, outputTokens: 150, reasoningTokens: 120 });
  });

  it('treats missing counts as zero', () => {
    expect(convertGeminiUsage({ promptTokenCount: 9, totalTokenCount: 9 })).toEqual({
      inputTokens: 9,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('bills prompt tokens added by built-in tools as input', () => {
    expect(convertGeminiUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 90, candidatesTokenCount: 5 }).inputTokens).toBe(
      100,
    );
  });
});
