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

describe('describeRejections: what the request excluded does not decide', () => {
  const onlyBeta = request({ preferences: { only: ['beta'] } });

  it('leads with the open circuit of the one provider `only` allows, and says when to retry', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1, cooldownMs: 30_000 } });
    state.reportOutcome({ providerId: 'beta', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false }, START);
    const plan = planRoute(index, onlyBeta, state, { nowMs: START + 1_000, random: seededRandom(4) });
    // The plan lists `alpha` first (catalog order): the summary, not the plan, puts `beta` ahead.
    expect(plan.rejected.map((rejection) => rejection.code)).toEqual(['not-in-only', 'circuit-open']);
    const summary = describeRejections(plan, START + 1_000);
    expect(summary.message).toBe(
      "Every provider is failing (circuit open) (beta/m: 'beta' for 'm' is failing (circuit open); " +
        "alpha/m: provider 'alpha' is not in provider.only).",
    );
    expect(summary.retryAfterMs).toBe(29_000);
  });

  it('leads with the Retry-After of the one provider `only` allows', () => {
    const state = new RouterState();
    state.reportOutcome(
      { providerId: 'beta', modelId: 'm', kind: 'rate_limited', latencyMs: 5, streamed: false, retryAfterMs: 4_000 },
      START,
    );
    const plan = planRoute(index, onlyBeta, state, { nowMs: START + 1_000, random: seededRandom(5) });
    expect(plan.attempts).toEqual([]);
    const summary = describeRejections(plan, START + 1_000);
    expect(summary.message).toBe(
      "Every provider is rate limited (beta/m: 'beta' for 'm' is rate limited (Retry-After); " +
        "alpha/m: provider 'alpha' is not in provider.only).",
    );
    expect(summary.retryAfterMs).toBe(3_000);
  });

  it('sets neither the headline nor Retry-After from ignored providers or models of another endpoint', () => {
    const mixed = new CatalogIndex({
      providers: [
        { ...provider('alpha', 3), models: [{ id: 'm', upstream: 'm', kind: 'embedding' }] },
        provider('beta', 1),
        provider('gamma', 2),
      ],
      aliases: {},
    });
    const state = new RouterState();
    state.reportOutcome(
      { providerId: 'beta', modelId: 'm', kind: 'rate_limited', latencyMs: 5, streamed: false, retryAfterMs: 2_000 },
      START,
    );
    const plan = planRoute(mixed, request({ preferences: { ignore: ['gamma'] } }), state, {
      nowMs: START,
      random: seededRandom(6),
    });
    const summary = describeRejections(plan, START);
    expect(summary.message).toMatch(/^Every provider is rate limited \(beta\/m: 'beta' for 'm' is rate limited/);
    expect(summary.message).toContain("alpha/m: 'm' is an embedding model");
    expect(summary.message).toContain("gamma/m: provider 'gamma' is in provider.ignore");
    expect(summary.retryAfterMs).toBe(2_000);
  });

  it('gives no Retry-After when what stopped the allowed provider is permanent', () => {
    const plan = planRoute(index, request({ preferences: { only: ['beta'], maxPrice: { prompt: 0.5 } } }), new RouterState(), {
      nowMs: START,
      random: seededRandom(7),
    });
    const summary = describeRejections(plan, START);
    expect(summary.message).toMatch(/^All providers are over max_price \(beta\/m: input costs \$1 per 1M tokens/);
    expect(summary.message).toContain("alpha/m: provider 'alpha' is not in provider.only");
    expect(summary.retryAfterMs).toBeUndefined();
  });

  it('says so when the request itself excluded every provider', () => {
    const options = { nowMs: START, random: seededRandom(8) };
    const ignored = describeRejections(
      planRoute(index, request({ preferences: { ignore: ['alpha', 'beta'] } }), new RouterState(), options),
      START,
    );
    expect(ignored.message).toBe(
      "Provider.ignore excludes every provider (alpha/m: provider 'alpha' is in provider.ignore; " +
        "beta/m: provider 'beta' is in provider.ignore).",
    );
    expect(ignored.retryAfterMs).toBeUndefined();
    const onlyElsewhere = describeRejections(
      planRoute(index, request({ preferences: { only: ['gamma'] } }), new RouterState(), options),
      START,
    );
    expect(onlyElsewhere.message).toMatch(/^Provider\.only excludes every provider \(alpha\/m: /);
    expect(onlyElsewhere.retryAfterMs).toBeUndefined();
  });
});
