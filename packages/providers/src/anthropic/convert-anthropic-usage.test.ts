import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage } from './convert-anthropic-usage';

describe('convertAnthropicUsage', () => {
  it('counts cache reads and writes into the input and names them', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 21,
        cache_creation_input_tokens: 188,
        cache_read_input_tokens: 1800,
        output_tokens: 12,
      }),
    ).toEqual({ inputTokens: 2009, cachedInputTokens: 1800, cacheWriteTokens: 188, outputTokens: 12, reasoningTokens: 0 });
  });

  it('keeps the 1-hour part of the cache writes from cache_creation', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 10,
        cache_creation_input_tokens: 300,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
        cache_read_input_tokens: 0,
        output_tokens: 5,
      }),
    ).toEqual({
      inputTokens: 310,
      cachedInputTokens: 0,
      cacheWriteTokens: 300,
      cacheWrite1hTokens: 200,
      outputTokens: 5,
      reasoningTokens: 0,
    });
    // Only the split reported: the total is its sum.
    expect(
      convertAnthropicUsage({ input_tokens: 1, output_tokens: 1, cache_creation: { ephemeral_1h_input_tokens: 50 } }),
    ).toMatchObject({ inputTokens: 51, cacheWriteTokens: 50, cacheWrite1hTokens: 50 });
  });

  it('reads missing or null cache fields as zero', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 5,
        output_tokens: 7,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
      }),
    ).toEqual({ inputTokens: 5, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0 });
    expect(convertAnthropicUsage(undefined)).toEqual({
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    });
  });
});
