import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { PriceBook, type PriceVersion } from '@switchboard/usage';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../app/gateway-context';
import type { Attempt } from '../attempts/plan-attempts';
import { estimateAttemptCostMicros, isUnpriced, priceRecord, servedPriceFor } from './served-price';

const model = (id: string, price?: CatalogModel['price']): CatalogModel => ({ id, upstream: id, kind: 'chat', price });
const provider = (adapter: CatalogProvider['adapter']): CatalogProvider => ({
  id: adapter === 'anthropic' ? 'anthropic' : 'deepseek',
  adapter,
  baseUrl: 'https://example.test',
  enabled: true,
  models: [],
});
const attempt = (target: CatalogProvider, served: CatalogModel) => ({ provider: target, model: served }) as unknown as Attempt;

const version: PriceVersion = {
  id: 'pv_flash',
  providerId: 'deepseek',
  modelId: 'deepseek-v4-flash',
  effectiveFrom: Date.parse('2026-12-01T00:00:00Z'),
  effectiveUntil: null,
  source: 'admin',
  prices: { input: 140_000, cachedInput: 28_000, output: 280_000 },
  tiers: [],
  schedules: [],
  createdAt: 0,
};
const gateway = { priceBook: new PriceBook([version]) } as unknown as GatewayContext;
const seedCall = { inputTokens: 2_200, cachedInputTokens: 2_000, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 0 };

describe('servedPriceFor', () => {
  it('prices by the version in force, a catalog price where the book has no versions, else unpriced', () => {
    const flash = attempt(provider('openai-compatible'), model('deepseek-v4-flash', { input: 9, output: 9 }));
    const now = Date.parse('2026-12-02T00:00:00Z');
    const served = servedPriceFor(gateway, flash, now);
    expect(served.versionId).toBe('pv_flash');
    const record = { servedPrice: served, startedAt: now, occurredAt: now } as Parameters<typeof priceRecord>[0];
    expect(priceRecord(record, seedCall)).toBe(168);
    expect(record.costPicos).toBe(168_000_000);
    // 2,000 cached tokens at 0.14 instead of 0.028 $/1M: 224 micro-dollars saved.
    expect(record.cacheSavingsPicos).toBe(2_000 * (140_000 - 28_000));
    // Before the first version: the model has versions, so none in force means unpriced, not the catalog's 9.
    expect(isUnpriced(servedPriceFor(gateway, flash, Date.parse('2026-01-01T00:00:00Z')))).toBe(true);

    const claude = attempt(provider('anthropic'), model('claude', { input: 3, output: 15 }));
    const catalogPriced = servedPriceFor(gateway, claude, now);
    expect(catalogPriced).toMatchObject({ versionId: null, rates: { cacheWrite1h: 6_000_000 } });
    expect(isUnpriced(servedPriceFor(gateway, attempt(provider('openai-compatible'), model('bare')), now))).toBe(true);
  });

  it('estimates a reservation at the same prices, rounded up', () => {
    const flash = attempt(provider('openai-compatible'), model('deepseek-v4-flash'));
    expect(
      estimateAttemptCostMicros(gateway, flash, Date.parse('2026-12-02T00:00:00Z'), { inputTokens: 5, outputTokens: 0 }),
    ).toBe(1);
    const claude = attempt(provider('anthropic'), model('claude', { input: 3, output: 15 }));
    // 1,000 1-hour writes at 2x $3: 6,000 µ$.
    expect(
      estimateAttemptCostMicros(gateway, claude, 0, {
        inputTokens: 1_000,
        cacheWriteTokens: 1_000,
        cacheWrite1hTokens: 1_000,
        outputTokens: 0,
      }),
    ).toBe(6_000);
  });
});
