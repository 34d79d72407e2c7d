import { describe, expect, it } from 'vitest';
import { toResponsesUsage } from './to-responses-usage';

describe('toResponsesUsage', () => {
  it("keeps cached and reasoning tokens inside the totals, as OpenAI's usage object does", () => {
    expect(
      toResponsesUsage({ inputTokens: 36, cachedInputTokens: 10, cacheWriteTokens: 0, outputTokens: 87, reasoningTokens: 20 }),
    ).toEqual({
      input_tokens: 36,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 87,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 123,
    });
  });

  it('shows cache writes only when an answer made some', () => {
    const usage = toResponsesUsage({
      inputTokens: 100,
      cachedInputTokens: 0,
      cacheWriteTokens: 60,
      outputTokens: 5,
      reasoningTokens: 0,
    });
    expect(usage.input_tokens_details).toEqual({ cached_tokens: 0, cache_write_tokens: 60 });
  });
});
