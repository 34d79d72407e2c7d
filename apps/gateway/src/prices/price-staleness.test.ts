import type { Catalog } from '@switchboard/protocol';
import { PriceBook, type PriceVersion } from '@switchboard/usage';
import { describe, expect, it } from 'vitest';
import { modelPriceAges, priceMaxAgeDays } from './price-staleness';

const DAY = 86_400_000;
const now = Date.parse('2026-12-03T00:00:00Z');

function version(providerId: string, modelId: string, daysAgo: number, input = 1_000_000): PriceVersion {
  return {
    id: `pv_${providerId}_${modelId}`,
    providerId,
    modelId,
    effectiveFrom: now - daysAgo * DAY,
    effectiveUntil: null,
    source: 'built-in',
    prices: { input, output: input },
    tiers: [],
    schedules: [],
    createdAt: 0,
  };
}

const catalog: Catalog = {
  aliases: {},
  providers: [
    {
      id: 'hosted',
      adapter: 'openai-compatible',
      baseUrl: 'https://api.example.com/v1',
      enabled: true,
      models: ['old', 'fresh', 'unpriced'].map((id) => ({ id, upstream: id, kind: 'chat' as const })),
    },
    {
      id: 'local',
      adapter: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:1234/v1',
      keyOptional: true,
      enabled: true,
      models: [{ id: 'free', upstream: 'free', kind: 'chat' }],
    },
  ],
};

describe('price staleness', () => {
  const book = new PriceBook([version('hosted', 'old', 200), version('hosted', 'fresh', 10), version('local', 'free', 400, 0)]);

  it('flags the prices in force longer than the limit, never an unpriced model or a local server at 0', () => {
    const ages = modelPriceAges(catalog, book, 180, now);
    expect(ages.map((age) => [age.model, age.ageDays, age.stale])).toEqual([
      ['old', 200, true],
      ['fresh', 10, false],
      ['unpriced', null, false],
      ['free', 400, false],
    ]);
    expect(modelPriceAges(catalog, book, 365, now).filter((age) => age.stale)).toEqual([]);
  });

  it('reads PRICE_MAX_AGE_DAYS, 180 by default, and refuses what is not a whole number of days', () => {
    expect(priceMaxAgeDays({})).toBe(180);
    expect(priceMaxAgeDays({ PRICE_MAX_AGE_DAYS: '90' })).toBe(90);
    for (const text of ['0', '-1', '1.5', 'soon']) {
      expect(() => priceMaxAgeDays({ PRICE_MAX_AGE_DAYS: text })).toThrow(/PRICE_MAX_AGE_DAYS/);
    }
  });
});
