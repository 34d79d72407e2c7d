import type { CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { describeRejections } from './describe-rejections';
import { planRoute } from './plan-route';
import type { RouteRequest } from './route-request';
import { RouterState } from './router-state';
import { seededRandom } from './seeded-random';

const START = 1_700_000_000_000;

function provider(id: string, input: number): CatalogProvider {
  return {
    id,
    adapter: 'openai-compatible',
    baseUrl: `https://${id}.example/v1`,
    enabled: true,
    models: [{ id: 'm', upstream: 'm', kind: 'chat', price: { input, output: input } }],
  };
}

const index = new CatalogIndex({ providers: [provider('alpha', 3), provider('beta', 1)], aliases: {} });

function request(fields: Partial<RouteRequest> = {}): RouteRequest {
  return {
    model: 'm',
    stream: false,
    estimatedInputTokens: 100,
    needs: { tools: false, vision: false, jsonMode: false },
    ...fields,
  };
}

describe('describeRejections', () => {
  it('names the one limit every candidate hit, and each candidate', () => {
    const plan = planRoute(index, request({ preferences: { maxPrice: { prompt: 0.5 } } }), new RouterState(), {
      nowMs: START,
      random: seededRandom(1),
    });
    const summary = describeRejections(plan, START);
    expect(summary.message).toMatch(/^All providers are over max_price \(alpha\/m: input costs \$3 per 1M tokens/);
    expect(summary.message).toContain('beta/m: input costs $1 per 1M tokens, over provider.max_price.prompt $0.5');
    expect(summary.retryAfterMs).toBeUndefined();
  });

  it('says when the request may be retried if every rejection is temporary', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1, cooldownMs: 30_000 } });
    state.reportOutcome({ providerId: 'alpha', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false }, START);
    state.reportOutcome(
      { providerId: 'beta', modelId: 'm', kind: 'rate_limited', latencyMs: 5, streamed: false, retryAfterMs: 4_000 },
      START,
    );
    const plan = planRoute(index, request(), state, { nowMs: START + 1_000, random: seededRandom(2) });
    expect(plan.attempts).toEqual([]);
    const summary = describeRejections(plan, START + 1_000);
    expect(summary.message).toMatch(/^No provider can serve the request \(/);
    expect(summary.message).toContain("'beta' for 'm' is rate limited");
    expect(summary.message).toContain("'alpha' for 'm' is failing (circuit open)");
    expect(summary.retryAfterMs).toBe(3_000);
  });

  it('names the requested models when none resolved', () => {
    const plan = planRoute(index, request({ model: 'gpt-9', models: ['gpt-10'] }), new RouterState(), {
      nowMs: START,
      random: seededRandom(3),
    });
    expect(describeRejections(plan, START).message).toBe("No provider serves 'gpt-9', 'gpt-10'.");
  });
});
