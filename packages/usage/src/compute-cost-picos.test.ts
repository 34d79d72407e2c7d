import type { TokenUsage } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { computeCostMicros, estimateCostMicros } from './compute-cost-micros';
import { computeCostPicos, picosToMicros } from './compute-cost-picos';
import { ratesFromModelPrice, resolvePriceRates } from './price-rates';
import { parseUsdPerMillion } from './usd-per-million';

const usage = (fields: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...fields,
});

// DeepSeek's launch prices (issue 14's seed example), USD per 1M tokens.
const flash = resolvePriceRates(
  { input: parseUsdPerMillion('0.14'), cachedInput: parseUsdPerMillion('0.028'), output: parseUsdPerMillion('0.28') },
  'other',
);
const pro = resolvePriceRates(
  { input: parseUsdPerMillion('1.74'), cachedInput: parseUsdPerMillion('0.145'), output: parseUsdPerMillion('3.48') },
  'other',
);
const seedCall = usage({ inputTokens: 2_200, cachedInputTokens: 2_000, outputTokens: 300 });

describe('computeCostPicos', () => {
  it('prices the seed example exactly: $0.000168 on flash, $0.001682 on pro', () => {
    expect(computeCostPicos(seedCall, flash)).toBe(168_000_000);
    expect(picosToMicros(computeCostPicos(seedCall, flash))).toBe(168);
    expect(computeCostPicos(seedCall, pro)).toBe(1_682_000_000);
    expect(picosToMicros(computeCostPicos(seedCall, pro))).toBe(1_682);
    // A million such calls: $168.00 and $1,682.00 to the micro-dollar.
    let flashTotal = 0n;
    let proTotal = 0n;
    for (let call = 0; call < 1_000_000; call++) {
      flashTotal += BigInt(computeCostPicos(seedCall, flash));
      proTotal += BigInt(computeCostPicos(seedCall, pro));
    }
    expect(picosToMicros(flashTotal)).toBe(168_000_000);
    expect(picosToMicros(proTotal)).toBe(1_682_000_000);
  });

  it('keeps what a tiny request costs below a micro-dollar instead of rounding it to 0', () => {
    // text-embedding-3-small at $0.02 per 1M: 5 tokens cost 0.1 µ$.
    const embedding = ratesFromModelPrice({ input: 0.02, output: 0 });
    const tiny = usage({ inputTokens: 5 });
    expect(computeCostMicros(tiny, { input: 0.02, output: 0 })).toBe(0);
    expect(computeCostPicos(tiny, embedding)).toBe(100_000);
    let total = 0;
    for (let call = 0; call < 1_000_000; call++) total += computeCostPicos(tiny, embedding);
    expect(picosToMicros(total)).toBe(100_000); // $0.10
  });

  it('bills Anthropic 1-hour cache writes at 2x and 5-minute writes at 1.25x the input price when none is given', () => {
    const sonnet = ratesFromModelPrice({ input: 3, output: 15 }, 'anthropic');
    expect(sonnet).toMatchObject({ cachedInput: 300_000, cacheWrite5m: 3_750_000, cacheWrite1h: 6_000_000 });
    // 1,000 writes of which 400 with the 1-hour lifetime: 600 x 3.75 + 400 x 6 = 4,650 µ$ per 1M x tokens.
    const writes = usage({ inputTokens: 1_000, cacheWriteTokens: 1_000, cacheWrite1hTokens: 400 });
    expect(computeCostPicos(writes, sonnet)).toBe(600 * 3_750_000 + 400 * 6_000_000);
    expect(computeCostMicros(writes, { input: 3, output: 15 }, 'anthropic')).toBe(4_650);
    // Cache reads at 0.1x.
    expect(computeCostPicos(usage({ inputTokens: 1_000, cachedInputTokens: 1_000 }), sonnet)).toBe(300_000_000);
  });

  it('bills a missing cached or write price at the input price for other formats, and honours given write prices', () => {
    const plain = ratesFromModelPrice({ input: 1, output: 2 });
    expect(plain).toMatchObject({ cachedInput: 1_000_000, cacheWrite5m: 1_000_000, cacheWrite1h: 1_000_000 });
    const given = ratesFromModelPrice({ input: 3, cacheWrite: 3.75, cacheWrite1h: 6, output: 15 }, 'other');
    expect(given.cacheWrite1h).toBe(6_000_000);
  });

  it('prices audio and separately priced reasoning as parts of input and output', () => {
    const rates = resolvePriceRates(
      { input: 1_000_000, output: 2_000_000, audioInput: 10_000_000, audioOutput: 20_000_000, reasoning: 4_000_000 },
      'other',
    );
    const cost = computeCostPicos(
      usage({ inputTokens: 100, audioInputTokens: 40, outputTokens: 100, audioOutputTokens: 30, reasoningTokens: 20 }),
      rates,
    );
    expect(cost).toBe(60 * 1_000_000 + 40 * 10_000_000 + 50 * 2_000_000 + 30 * 20_000_000 + 20 * 4_000_000);
  });

  it('stays exact beyond 2^53 pico-dollars through BigInts', () => {
    const expensive = resolvePriceRates({ input: 1_000_000_000, output: 1_000_000_000 }, 'other');
    expect(computeCostPicos(usage({ inputTokens: 100_000_000 }), expensive)).toBe(1e17);
  });

  it('estimates reservations rounded up, never short', () => {
    expect(estimateCostMicros({ inputTokens: 5, outputTokens: 0 }, ratesFromModelPrice({ input: 0.02, output: 0 }))).toBe(1);
    expect(estimateCostMicros({ inputTokens: 2_200, cachedInputTokens: 2_000, outputTokens: 300 }, flash)).toBe(168);
  });
});
