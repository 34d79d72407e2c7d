import { describe, expect, it } from 'vitest';
import { computeCacheSavingsMicros } from './compute-cache-savings-micros';

const usage = { inputTokens: 10_000, cachedInputTokens: 8_000, cacheWriteTokens: 0, outputTokens: 100, reasoningTokens: 0 };

describe('computeCacheSavingsMicros', () => {
  it('is what the cached tokens would have cost as plain input, less what they cost', () => {
    // 8,000 cached at 0.28 instead of 0.028 per 1M: 2,240 - 224 µ$.
    expect(computeCacheSavingsMicros(usage, { input: 0.28, cachedInput: 0.028, output: 0.42 })).toBe(2_016);
  });

  it('is 0 without cached tokens, without a price, and where cached input costs the input price', () => {
    expect(computeCacheSavingsMicros({ ...usage, cachedInputTokens: 0 }, { input: 1, cachedInput: 0.1, output: 1 })).toBe(0);
    expect(computeCacheSavingsMicros(usage, undefined)).toBe(0);
    expect(computeCacheSavingsMicros(usage, { input: 1, output: 1 })).toBe(0);
  });

  it('leaves cache writes out: their premium is the same on both sides', () => {
    const writing = { ...usage, cacheWriteTokens: 2_000 };
    expect(computeCacheSavingsMicros(writing, { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 })).toBe(21_600);
  });
});
