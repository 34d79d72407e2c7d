import { describe, expect, it } from 'vitest';
import { computeCostPicos } from './compute-cost-picos';
import { PriceBook, ratesAt } from './price-book';
import type { PriceVersion } from './price-version';

const day = Date.parse('2026-12-02T00:00:00Z');
const hour = 3_600_000;

function version(fields: Partial<PriceVersion> & Pick<PriceVersion, 'id' | 'effectiveFrom' | 'prices'>): PriceVersion {
  return {
    providerId: 'deepseek',
    modelId: 'deepseek-v4-flash',
    effectiveUntil: null,
    source: 'admin',
    tiers: [],
    schedules: [],
    createdAt: fields.effectiveFrom,
    ...fields,
  };
}

const usage = { inputTokens: 1_000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };

describe('PriceBook', () => {
  const book = new PriceBook([
    version({ id: 'pv_list', effectiveFrom: day - 30 * 24 * hour, prices: { input: 140_000, output: 280_000 } }),
    // A price change at noon.
    version({ id: 'pv_noon', effectiveFrom: day + 12 * hour, prices: { input: 100_000, output: 200_000 } }),
    // A promotion over both, with an end.
    version({
      id: 'pv_promo',
      effectiveFrom: day + 14 * hour,
      effectiveUntil: day + 15 * hour,
      prices: { input: 35_000, output: 70_000 },
    }),
  ]);

  it('prices each request by the version in force when it started', () => {
    expect(book.versionAt('deepseek', 'deepseek-v4-flash', day + 12 * hour - 1)?.version.id).toBe('pv_list');
    expect(book.versionAt('deepseek', 'deepseek-v4-flash', day + 12 * hour)?.version.id).toBe('pv_noon');
    expect(book.versionAt('deepseek', 'deepseek-v4-flash', day + 14 * hour + 1)?.version.id).toBe('pv_promo');
    // The promotion ended: the price change before it is back.
    expect(book.versionAt('deepseek', 'deepseek-v4-flash', day + 15 * hour)?.version.id).toBe('pv_noon');
    expect(book.versionAt('deepseek', 'deepseek-v4-flash', day - 31 * 24 * hour)).toBeUndefined();
    expect(book.versionAt('deepseek', 'other-model', day)).toBeUndefined();
  });

  it('switches to off-peak prices at a UTC window boundary, wrapping midnight', () => {
    const offPeak = new PriceBook([
      version({
        id: 'pv_peak',
        effectiveFrom: day - hour,
        prices: { input: 140_000, output: 280_000 },
        schedules: [{ name: 'off-peak', from: '16:30', until: '00:30', prices: { input: 70_000 } }],
      }),
    ]);
    const compiled = offPeak.versionAt('deepseek', 'deepseek-v4-flash', day)!;
    const at = (time: string) => Date.parse(`2026-12-02T${time}Z`);
    expect(computeCostPicos(usage, ratesAt(compiled, at('16:29:59.999'), 1_000))).toBe(140_000_000);
    expect(computeCostPicos(usage, ratesAt(compiled, at('16:30:00'), 1_000))).toBe(70_000_000);
    expect(computeCostPicos(usage, ratesAt(compiled, at('23:59:59'), 1_000))).toBe(70_000_000);
    expect(computeCostPicos(usage, ratesAt(compiled, at('00:29:59'), 1_000))).toBe(70_000_000);
    expect(computeCostPicos(usage, ratesAt(compiled, at('00:30:00'), 1_000))).toBe(140_000_000);
    // Output is not named by the window: the version's own.
    expect(ratesAt(compiled, at('17:00'), 1).output).toBe(280_000);
  });

  it('limits a window to its weekdays (UTC)', () => {
    const weekend = new PriceBook([
      version({
        id: 'pv_weekend',
        effectiveFrom: 0,
        prices: { input: 100, output: 100 },
        schedules: [{ days: ['sat', 'sun'], from: '00:00', until: '24:00', prices: { input: 50 } }],
      }),
    ]).versionAt('deepseek', 'deepseek-v4-flash', day)!;
    expect(ratesAt(weekend, Date.parse('2026-12-05T10:00:00Z'), 1).input).toBe(50); // a Saturday
    expect(ratesAt(weekend, Date.parse('2026-12-04T23:59:59Z'), 1).input).toBe(100); // a Friday
  });

  it('prices the whole request at a long-context tier above its threshold', () => {
    const tiered = new PriceBook([
      version({
        id: 'pv_tiered',
        effectiveFrom: 0,
        prices: { input: 3_000_000, output: 15_000_000 },
        tiers: [{ aboveInputTokens: 200_000, prices: { input: 6_000_000, output: 22_500_000 } }],
      }),
    ]).versionAt('deepseek', 'deepseek-v4-flash', day)!;
    expect(ratesAt(tiered, day, 200_000).input).toBe(3_000_000);
    expect(ratesAt(tiered, day, 200_001)).toMatchObject({ input: 6_000_000, output: 22_500_000 });
  });

  it('applies the Anthropic defaults to versions of Anthropic-format providers only', () => {
    const versions = [
      version({
        id: 'pv_a',
        providerId: 'anthropic',
        modelId: 'claude',
        effectiveFrom: 0,
        prices: { input: 3_000_000, output: 15_000_000 },
      }),
      version({
        id: 'pv_o',
        providerId: 'openai',
        modelId: 'gpt',
        effectiveFrom: 0,
        prices: { input: 3_000_000, output: 15_000_000 },
      }),
    ];
    const mixed = new PriceBook(versions, (provider) => (provider === 'anthropic' ? 'anthropic' : 'other'));
    expect(mixed.versionAt('anthropic', 'claude', 1)?.rates).toMatchObject({ cachedInput: 300_000, cacheWrite1h: 6_000_000 });
    expect(mixed.versionAt('openai', 'gpt', 1)?.rates).toMatchObject({ cachedInput: 3_000_000, cacheWrite1h: 3_000_000 });
  });
});
