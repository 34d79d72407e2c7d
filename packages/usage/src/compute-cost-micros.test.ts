import type { TokenUsage } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { computeCostMicros } from './compute-cost-micros';

const usage = (input: number, cached: number, cacheWrite: number, output: number) => ({
  inputTokens: input,
  cachedInputTokens: cached,
  cacheWriteTokens: cacheWrite,
  outputTokens: output,
  reasoningTokens: 0,
});

describe('computeCostMicros', () => {
  it('prices input and output per million tokens in whole micro-dollars', () => {
    // deepseek-v4-flash: $0.14 in, $0.28 out per 1M. 1M in + 1M out = $0.42.
    expect(computeCostMicros(usage(1_000_000, 0, 0, 1_000_000), { input: 0.14, output: 0.28 })).toBe(420_000);
    // 1,000 in and 500 out: 140 + 140 = 280 micro-dollars.
    expect(computeCostMicros(usage(1_000, 0, 0, 500), { input: 0.14, output: 0.28 })).toBe(280);
  });

  it('bills cached input at the cached price and cache writes at the write price', () => {
    // Anthropic Sonnet: $3 in, $0.30 cached, $3.75 cache write, $15 out.
    const price = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 };
    // 10,000 input of which 6,000 cached and 2,000 written: 2,000*3 + 6,000*0.3 + 2,000*3.75 = 15,300 (µ$ per 1M x tokens /1M)
    expect(computeCostMicros(usage(10_000, 6_000, 2_000, 1_000), price)).toBe(6_000 + 1_800 + 7_500 + 15_000);
  });

  it('falls back to the input price when no cached price is listed, and costs nothing without a price', () => {
    expect(computeCostMicros(usage(2_000, 1_000, 0, 0), { input: 1, output: 2 })).toBe(2_000);
    expect(computeCostMicros(usage(2_000, 0, 0, 2_000), undefined)).toBe(0);
  });

  it('rounds the total once, half up, with no floating-point drift', () => {
    // 1 token at $0.14/1M = 0.14 µ$, 4 tokens = 0.56 -> 1; 3 tokens = 0.42 -> 0.
    expect(computeCostMicros(usage(4, 0, 0, 0), { input: 0.14, output: 0 })).toBe(1);
    expect(computeCostMicros(usage(3, 0, 0, 0), { input: 0.14, output: 0 })).toBe(0);
    // Three million tokens at $0.1 each summed exactly: 300,000.
    expect(computeCostMicros(usage(3_000_000, 0, 0, 0), { input: 0.1, output: 0 })).toBe(300_000);
  });
});

describe('computeCostMicros arithmetic', () => {
  /** The reference: the whole sum in BigInt, rounded half up once. */
  function exact(usage: TokenUsage, price: { input: number; cachedInput?: number; output: number }): bigint {
    const micros = (usd: number) => BigInt(Math.round(usd * 1_000_000));
    const uncached = BigInt(Math.max(0, usage.inputTokens - usage.cachedInputTokens));
    const numerator =
      uncached * micros(price.input) +
      BigInt(usage.cachedInputTokens) * micros(price.cachedInput ?? price.input) +
      BigInt(usage.outputTokens) * micros(price.output);
    return (numerator * 2n + 1_000_000n) / 2_000_000n;
  }

  it('gives the exact result on thousands of token counts and prices, small and huge', () => {
    const prices = [
      { input: 0.14, cachedInput: 0.028, output: 0.28 },
      { input: 3, cachedInput: 0.3, output: 15 },
      { input: 0.075, output: 0.3 },
      { input: 150, output: 600 },
    ];
    let seed = 7;
    const next = (limit: number) => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % limit;
    };
    for (let index = 0; index < 5_000; index++) {
      const price = prices[index % prices.length]!;
      // Every thousandth case is far past 2^53 in micro-dollars x tokens, taking the BigInt path.
      const scale = index % 1_000 === 0 ? 1_000_000_000 : 1;
      const input = next(2_000_000) * scale;
      const sample = usage(input, next(input / scale + 1) * scale, 0, next(2_000_000) * scale);
      expect(computeCostMicros(sample, price), JSON.stringify(sample)).toBe(Number(exact(sample, price)));
    }
  });
});
