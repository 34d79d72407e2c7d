import type { CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { explainRoute } from './explain-route';
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
    models: [{ id: 'm', upstream: `${id}-m`, kind: 'chat', price: { input, output: input } }],
  };
}

const index = new CatalogIndex({ providers: [provider('alpha', 3), provider('beta', 1), provider('gamma', 2)], aliases: {} });
const request: RouteRequest = {
  model: 'm',
  stream: false,
  estimatedInputTokens: 100,
  needs: { tools: false, vision: false, jsonMode: false },
  policy: 'price',
  preferences: { ignore: ['gamma'] },
};

describe('explainRoute', () => {
  it('reports attempts with scores, statistics and breakers, and rejections with reasons, as plain JSON', () => {
    const state = new RouterState();
    for (let sample = 0; sample < 4; sample++) {
      state.reportOutcome(
        { providerId: 'alpha', modelId: 'm', kind: 'success', latencyMs: 100 + sample, streamed: false },
        START,
      );
    }
    state.reportOutcome(
      { providerId: 'alpha', keyId: 'key_a', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false },
      START,
    );
    const explanation = explainRoute(index, request, state, { nowMs: START + 10, random: seededRandom(1) });
    // Plain data all the way down: no Maps, class instances or functions to lose in JSON.
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
    expect(explanation).toMatchObject({ requested: ['m'], policy: 'price', nowMs: START + 10, failure: undefined });
    expect(explanation.attempts.map((attempt) => [attempt.provider, attempt.upstream, attempt.expectedCostMicros])).toEqual([
      ['beta', 'beta-m', 600],
      ['alpha', 'alpha-m', 1_800],
    ]);
    const alpha = explanation.attempts[1]!;
    expect(alpha.stats?.latencyMs).toMatchObject({ p50: 101, p90: 103, observations: 4 });
    expect(alpha.stats?.errorRate).toBeCloseTo(0.2, 9);
    expect(alpha.breakers).toEqual([
      expect.objectContaining({ keyId: '', state: 'closed', consecutiveFailures: 0 }),
      expect.objectContaining({ keyId: 'key_a', state: 'closed', consecutiveFailures: 1, windowFailures: 1 }),
    ]);
    expect(explanation.attempts[0]!.stats).toBeUndefined();
    expect(explanation.rejected).toEqual([
      expect.objectContaining({ provider: 'gamma', code: 'ignored', reason: "provider 'gamma' is in provider.ignore" }),
    ]);
  });

  it('explains a failure in the words of the 503, and never takes a probe', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1, cooldownMs: 1_000 } });
    state.reportOutcome({ providerId: 'beta', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false }, START);
    const onlyBeta = { ...request, preferences: { only: ['beta'] } };
    const options = { nowMs: START + 1_000, random: seededRandom(2) };
    const explanation = explainRoute(index, onlyBeta, state, options);
    expect(explanation.attempts.map((attempt) => [attempt.provider, attempt.reason, attempt.probeKeyId])).toEqual([
      ['beta', 'probe', ''],
    ]);
    // Looking did not use up the probe: the next real plan still gets it.
    expect(planRoute(index, onlyBeta, state, options).attempts[0]!.reason).toBe('probe');
    const failed = explainRoute(index, onlyBeta, state, options);
    expect(failed.attempts).toEqual([]);
    // What stopped the candidate the request allowed, not that the others were not in `only`.
    expect(failed.failure).toMatch(/^Every provider is recovering from failures \(beta\/m: /);
  });
});
