import { describe, expect, it } from 'vitest';
import { toAnthropicUsage } from './to-anthropic-usage';

describe('toAnthropicUsage', () => {
  it('counts input apart from cache reads and writes, as Anthropic does', () => {
    expect(
      toAnthropicUsage({
        inputTokens: 2095 + 2051 + 39,
        cachedInputTokens: 2051,
        cacheWriteTokens: 39,
        outputTokens: 503,
        reasoningTokens: 200,
      }),
    ).toEqual({ input_tokens: 2095, cache_read_input_tokens: 2051, cache_creation_input_tokens: 39, output_tokens: 503 });
  });

  it('never reports negative input when a provider over-reports cached tokens', () => {
    const usage = toAnthropicUsage({
      inputTokens: 10,
      cachedInputTokens: 12,
      cacheWriteTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
    });
    expect(usage.input_tokens).toBe(0);
  });
});
