import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { explainRoute } from './explain-route';
import { planRoute } from './plan-route';
import type { RouteRequest } from './route-request';
import { RouterState } from './router-state';
import { seededRandom } from './seeded-random';

const NOW = 1_700_000_000_000;

function provider(id: string, price: CatalogModel['price']): CatalogProvider {
  const model: CatalogModel = { id: 'm', upstream: 'm', kind: 'chat', price };
  return { id, adapter: 'openai-compatible', baseUrl: `https://${id}.example/v1`, enabled: true, models: [model] };
}

function request(fields: Partial<RouteRequest> = {}): RouteRequest {
  return {
    model: 'm',
    stream: false,
    estimatedInputTokens: 100_000,
    needs: { tools: false, vision: false, jsonMode: false },
    ...fields,
  };
}

// `warm` lists input at 0.30 and cached reads at 0.03 (a tenth, as Anthropic-style caches);
// `cheap` lists input at 0.20: cheaper cold, far dearer than a warm cache.
const index = new CatalogIndex({
  providers: [
    provider('cheap', { input: 0.2, cachedInput: 0.05, output: 1 }),
    provider('warm', { input: 0.3, cachedInput: 0.03, output: 1 }),
  ],
  aliases: {},
});

describe('cache-aware routing', () => {
  it('under price, a warm cheap cache beats a cold cheaper list price', () => {
    const state = new RouterState();
    const cold = planRoute(index, request({ policy: 'price', maxOutputTokens: 100 }), state, {
      nowMs: NOW,
      random: seededRandom(1),
    });
    expect(cold.attempts.map((attempt) => attempt.provider.id)).toEqual(['cheap', 'warm']);

    const affinity = { providerId: 'warm', cachedShare: 0.9 };
    const warm = planRoute(index, request({ policy: 'price', maxOutputTokens: 100, affinity }), state, {
      nowMs: NOW,
      random: seededRandom(1),
    });
    expect(warm.attempts.map((attempt) => attempt.provider.id)).toEqual(['warm', 'cheap']);
    const [first, second] = warm.attempts;
    // 100k input: 10k at 0.30 + 90k at 0.03 = 5,700 µ$, plus 100 output at 1 = 100.
    expect(first).toMatchObject({ expectedCostMicros: 5_800, listCostMicros: 30_100, expectedCachedShare: 0.9 });
    // Cold for this prefix elsewhere: its cache-aware estimate is its list price.
    expect(second).toMatchObject({ expectedCostMicros: 20_100, listCostMicros: 20_100, expectedCachedShare: 0 });
  });

  it('under balanced, the warm provider leads every plan, and yields to provider.order and to its breaker', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1 } });
    const affinity = { providerId: 'warm', cachedShare: 0.5 };
    const random = seededRandom(7);
    for (let plan = 0; plan < 200; plan++) {
      const attempts = planRoute(index, request({ affinity }), state, { nowMs: NOW, random }).attempts;
      expect(attempts[0]).toMatchObject({ reason: 'affinity' });
      expect(attempts[0]!.provider.id).toBe('warm');
    }
    const ordered = planRoute(index, request({ affinity, preferences: { order: ['cheap'] } }), state, { nowMs: NOW, random });
    expect(ordered.attempts[0]!.provider.id).toBe('cheap');

    state.reportOutcome({ providerId: 'warm', modelId: 'm', kind: 'error', latencyMs: 10, streamed: false }, NOW);
    const broken = planRoute(index, request({ affinity }), state, { nowMs: NOW + 1, random });
    expect(broken.attempts.map((attempt) => attempt.provider.id)).toEqual(['cheap']);
  });

  it('the explanation shows the estimate both ways', () => {
    const explained = explainRoute(index, request({ affinity: { providerId: 'warm', cachedShare: 1 } }), new RouterState(), {
      nowMs: NOW,
      random: seededRandom(1),
    });
    const warm = explained.attempts.find((attempt) => attempt.provider === 'warm')!;
    expect(warm.listCostMicros).toBeGreaterThan(warm.expectedCostMicros);
    expect(warm.reason).toBe('affinity');
  });
});
