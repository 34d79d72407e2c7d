import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { AttemptOutcomeKind } from './attempt-outcome';
import { CatalogIndex } from './catalog-index';
import { parseRoutingPreferences } from './parse-routing-preferences';
import { type PlanRouteOptions, planRoute } from './plan-route';
import type { PlannedAttempt, RoutePlan } from './route-plan';
import type { RouteRequest } from './route-request';
import { RouterState, type RouterStateConfig } from './router-state';
import { seededRandom } from './seeded-random';

const START = 1_700_000_000_000;

function model(id: string, fields: Partial<CatalogModel> = {}): CatalogModel {
  return { id, upstream: id, kind: 'chat', ...fields };
}

function provider(id: string, models: CatalogModel[]): CatalogProvider {
  return { id, adapter: 'openai-compatible', baseUrl: `https://${id}.example/v1`, enabled: true, models };
}

function indexOf(providers: CatalogProvider[], aliases: Record<string, string[]> = {}): CatalogIndex {
  return new CatalogIndex({ providers, aliases });
}

function request(fields: Partial<RouteRequest> = {}): RouteRequest {
  return {
    model: 'm',
    stream: false,
    estimatedInputTokens: 1_000,
    needs: { tools: false, vision: false, jsonMode: false },
    ...fields,
  };
}

function providerIds(plan: RoutePlan): string[] {
  return plan.attempts.map((attempt) => attempt.provider.id);
}

function rejections(plan: RoutePlan): Record<string, string> {
  return Object.fromEntries(plan.rejected.map((rejection) => [rejection.candidate.provider.id, rejection.code]));
}

/** Two providers of model `m`: `fast` (20 ms, pricier) and `slow` (200 ms, half the price). */
const fastAndSlow = indexOf([
  provider('fast', [model('m', { price: { input: 2, output: 8 } })]),
  provider('slow', [model('m', { price: { input: 1, output: 4 } })]),
]);

interface Behaviour {
  latencyMs: number;
  kind?: AttemptOutcomeKind;
  retryAfterMs?: number;
  tokensPerSecond?: number;
}

/**
 * A closed loop: plan, run the first attempt against simulated providers, report its outcome,
 * move the clock on. Deterministic: seeded randomness, explicit time.
 */
class Simulation {
  nowMs = START;
  readonly state: RouterState;
  private readonly planRandom = seededRandom(1);
  private readonly jitter = seededRandom(2);

  constructor(
    readonly index: CatalogIndex,
    readonly behaviour: Record<string, Behaviour>,
    config: RouterStateConfig = {},
  ) {
    this.state = new RouterState(config);
  }

  plan(routeRequest: RouteRequest, options: Partial<PlanRouteOptions> = {}): RoutePlan {
    return planRoute(this.index, routeRequest, this.state, { nowMs: this.nowMs, random: this.planRandom, ...options });
  }

  step(routeRequest: RouteRequest, options: Partial<PlanRouteOptions> = {}): PlannedAttempt | undefined {
    const attempt = this.plan(routeRequest, options).attempts[0];
    if (attempt) this.report(attempt.provider.id, attempt.model.id, routeRequest.stream, attempt.probeKeyId);
    this.nowMs += 100;
    return attempt;
  }

  report(providerId: string, modelId: string, streamed: boolean, keyId?: string): void {
    const behaviour = this.behaviour[providerId]!;
    const latencyMs = behaviour.latencyMs * (0.9 + 0.2 * this.jitter());
    const outputTokens = 200;
    const generatingMs = (outputTokens * 1000) / (behaviour.tokensPerSecond ?? 100);
    this.state.reportOutcome(
      {
        providerId,
        keyId,
        modelId,
        kind: behaviour.kind ?? 'success',
        latencyMs: streamed ? latencyMs + generatingMs : latencyMs,
        firstTokenMs: streamed ? latencyMs : undefined,
        outputTokens,
        streamed,
        retryAfterMs: behaviour.retryAfterMs,
      },
      this.nowMs,
    );
  }

  /** How often each provider was planned first over `plans` steps. */
  firstPlaces(routeRequest: RouteRequest, plans: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (let index = 0; index < plans; index++) {
      const first = this.step(routeRequest)?.provider.id ?? 'none';
      counts[first] = (counts[first] ?? 0) + 1;
    }
    return counts;
  }
}

describe('planRoute: policies', () => {
  it('latency: after warm-up, puts the 20 ms provider first in at least 90% of plans, the other behind it', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    const latency = request({ policy: 'latency' });
    simulation.firstPlaces(latency, 50);
    const counts = simulation.firstPlaces(latency, 200);
    expect(counts.fast).toBeGreaterThanOrEqual(180);
    expect(counts.slow ?? 0).toBeGreaterThan(0); // still explored now and then
    expect(providerIds(simulation.plan(latency, { config: { explorationEpsilon: 0 } }))).toEqual(['fast', 'slow']);
  });

  it('price: always puts the cheaper provider first while it is healthy, however slow', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    const price = request({ policy: 'price', maxOutputTokens: 100 });
    expect(simulation.firstPlaces(price, 200)).toEqual({ slow: 200 });
    const plan = simulation.plan(price);
    expect(plan.attempts.map((attempt) => attempt.expectedCostMicros)).toEqual([1_400, 2_800]);
    expect(plan.attempts.map((attempt) => attempt.score)).toEqual([1_400, 2_800]);
  });

  it('balanced (the default): spreads load over the near-fastest, the cheaper one more often', () => {
    const similar = indexOf([
      provider('cheap', [model('m', { price: { input: 1, output: 4 } })]),
      provider('pricey', [model('m', { price: { input: 2, output: 8 } })]),
    ]);
    const simulation = new Simulation(similar, { cheap: { latencyMs: 110 }, pricey: { latencyMs: 100 } });
    simulation.firstPlaces(request(), 50);
    const counts = simulation.firstPlaces(request(), 400);
    expect(simulation.plan(request()).policy).toBe('balanced');
    expect(counts.cheap).toBeGreaterThan(counts.pricey!);
    expect(counts.cheap).toBeGreaterThan(240);
    expect(counts.pricey).toBeGreaterThan(40);
  });

  it('balanced: a provider far slower than the best does not compete on price', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    simulation.firstPlaces(request(), 50);
    expect(simulation.firstPlaces(request(), 200).fast).toBeGreaterThanOrEqual(180);
  });

  it('throughput (:nitro): puts the provider with the most output tokens per second first', () => {
    const index = indexOf([provider('steady', [model('m')]), provider('quick', [model('m')])]);
    const simulation = new Simulation(index, {
      steady: { latencyMs: 100, tokensPerSecond: 50 },
      quick: { latencyMs: 300, tokensPerSecond: 150 },
    });
    const { model: modelName, preferences } = parseRoutingPreferences({ model: 'm:nitro' });
    const nitro = request({ model: modelName, preferences, stream: true });
    simulation.firstPlaces(request({ stream: true, policy: 'latency' }), 30);
    const plan = simulation.plan(nitro);
    expect(plan.policy).toBe('throughput');
    expect(providerIds(plan)).toEqual(['quick', 'steady']);
    expect(plan.attempts[0]!.expectedTokensPerSecond).toBeCloseTo(150, 0);
    expect(plan.attempts[0]!.score).toBeCloseTo(1000 / 150, 1);
  });

  it('ranks streams by time to first token and whole responses by total latency', () => {
    const index = indexOf([provider('early', [model('m')]), provider('brief', [model('m')])]);
    const state = new RouterState();
    for (let sample = 0; sample < 5; sample++) {
      const common = { modelId: 'm', kind: 'success', outputTokens: 100 } as const;
      state.reportOutcome({ ...common, providerId: 'early', streamed: true, firstTokenMs: 50, latencyMs: 5_000 }, START);
      state.reportOutcome({ ...common, providerId: 'brief', streamed: true, firstTokenMs: 400, latencyMs: 900 }, START);
      state.reportOutcome({ ...common, providerId: 'early', streamed: false, latencyMs: 5_000 }, START);
      state.reportOutcome({ ...common, providerId: 'brief', streamed: false, latencyMs: 900 }, START);
    }
    const options = { nowMs: START, random: seededRandom(3), config: { explorationEpsilon: 0 } };
    const streamed = planRoute(index, request({ stream: true, policy: 'latency' }), state, options);
    const whole = planRoute(index, request({ stream: false, policy: 'latency' }), state, options);
    expect(providerIds(streamed)).toEqual(['early', 'brief']);
    expect(streamed.attempts[0]!.expectedLatencyMs).toBe(50);
    expect(providerIds(whole)).toEqual(['brief', 'early']);
    expect(whole.attempts[0]!.expectedLatencyMs).toBe(900);
  });

  it('lowers the weight of a provider answering 429s without taking it out', () => {
    const index = indexOf([provider('limited', [model('m')]), provider('spare', [model('m')])]);
    const simulation = new Simulation(index, { limited: { latencyMs: 20 }, spare: { latencyMs: 30 } });
    const latency = request({ policy: 'latency' });
    simulation.firstPlaces(latency, 30);
    expect(providerIds(simulation.plan(latency, { config: { explorationEpsilon: 0 } }))[0]).toBe('limited');
    simulation.behaviour.limited!.kind = 'rate_limited';
    for (let index = 0; index < 30; index++) simulation.report('limited', 'm', false);
    const plan = simulation.plan(latency, { config: { explorationEpsilon: 0 } });
    expect(providerIds(plan)).toEqual(['spare', 'limited']);
  });
});

describe('planRoute: health', () => {
  it('drops a failing provider within 5 failures, probes it once after the cooldown, and restores it on success', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    const latency = request({ policy: 'latency' });
    simulation.firstPlaces(latency, 50);
    simulation.behaviour.fast!.kind = 'error';
    let failuresWhileFirst = 0;
    for (let step = 0; step < 20; step++) if (simulation.step(latency)?.provider.id === 'fast') failuresWhileFirst++;
    expect(failuresWhileFirst).toBeLessThanOrEqual(5);
    const open = simulation.plan(latency);
    expect(providerIds(open)).toEqual(['slow']);
    expect(rejections(open)).toEqual({ fast: 'circuit-open' });
    expect(open.rejected[0]!.untilMs).toBeGreaterThan(simulation.nowMs);

    simulation.nowMs += 30_000;
    const plans = Array.from({ length: 10 }, () => simulation.plan(latency));
    const probes = plans.filter((plan) => plan.attempts.some((attempt) => attempt.provider.id === 'fast'));
    expect(probes).toHaveLength(1);
    expect(probes[0]).toBe(plans[0]);
    expect(plans[0]!.attempts[0]).toMatchObject({ provider: { id: 'fast' }, reason: 'probe', probeKeyId: '' });
    expect(rejections(plans[1]!)).toEqual({ fast: 'circuit-half-open' });

    simulation.behaviour.fast!.kind = 'success';
    simulation.report('fast', 'm', false, '');
    const restored = simulation.plan(latency);
    expect(providerIds(restored)).toContain('fast');
    expect(restored.attempts.find((attempt) => attempt.provider.id === 'fast')!.reason).not.toBe('probe');
    expect(simulation.state.breakerFor('fast', undefined, 'm')!.state(simulation.nowMs)).toBe('closed');
  });

  it('does not reserve the probe when only looking (claimProbe: false)', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1, cooldownMs: 1_000 } });
    state.reportOutcome({ providerId: 'fast', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false }, START);
    const options = { nowMs: START + 1_000, random: seededRandom(4) };
    expect(planRoute(fastAndSlow, request(), state, { ...options, claimProbe: false }).attempts[0]!.reason).toBe('probe');
    expect(planRoute(fastAndSlow, request(), state, options).attempts[0]!.reason).toBe('probe');
    expect(providerIds(planRoute(fastAndSlow, request(), state, options))).toEqual(['slow']);
  });

  it('skips a provider until its Retry-After has passed', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    const latency = request({ policy: 'latency' });
    simulation.firstPlaces(latency, 50);
    simulation.behaviour.fast = { latencyMs: 5, kind: 'rate_limited', retryAfterMs: 5_000 };
    simulation.report('fast', 'm', false);
    const limitedAt = simulation.nowMs;
    const waiting = simulation.plan(latency);
    expect(providerIds(waiting)).toEqual(['slow']);
    expect(waiting.rejected[0]).toMatchObject({ code: 'rate-limited', untilMs: limitedAt + 5_000 });
    simulation.nowMs = limitedAt + 4_999;
    expect(providerIds(simulation.plan(latency))).toEqual(['slow']);
    simulation.nowMs = limitedAt + 5_000;
    expect(providerIds(simulation.plan(latency))).toContain('fast');
  });

  it('keeps a provider while any of its keys is healthy, and names the keys it may use', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1 } });
    const keyIds = () => ['key_a', 'key_b'];
    state.reportOutcome(
      { providerId: 'fast', keyId: 'key_a', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false },
      START,
    );
    const options = { nowMs: START + 1, random: seededRandom(5), keyIds };
    const oneOpen = planRoute(fastAndSlow, request({ policy: 'price' }), state, options);
    expect(oneOpen.attempts.find((attempt) => attempt.provider.id === 'fast')!.keyIds).toEqual(['key_b']);
    expect(oneOpen.attempts.find((attempt) => attempt.provider.id === 'slow')!.keyIds).toEqual(['key_a', 'key_b']);
    state.reportOutcome(
      { providerId: 'fast', keyId: 'key_b', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false },
      START,
    );
    const bothOpen = planRoute(fastAndSlow, request({ policy: 'price' }), state, options);
    expect(providerIds(bothOpen)).toEqual(['slow']);
    expect(rejections(bothOpen)).toEqual({ fast: 'circuit-open' });
  });

  it('rejects a provider without keys', () => {
    const plan = planRoute(fastAndSlow, request(), new RouterState(), {
      nowMs: START,
      random: seededRandom(6),
      keyIds: (candidate) => (candidate.id === 'fast' ? [] : undefined),
    });
    expect(providerIds(plan)).toEqual(['slow']);
    expect(rejections(plan)).toEqual({ fast: 'no-key' });
  });

  it('probes with a request that refuses fallbacks only when nothing else could serve it', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1, cooldownMs: 1_000 } });
    state.reportOutcome({ providerId: 'fast', modelId: 'm', kind: 'error', latencyMs: 5, streamed: false }, START);
    const options = { nowMs: START + 1_000, random: seededRandom(7) };
    const strict = request({ preferences: { allowFallbacks: false } });
    const plan = planRoute(fastAndSlow, strict, state, options);
    expect(providerIds(plan)).toEqual(['slow']);
    expect(rejections(plan)).toEqual({ fast: 'circuit-half-open' });
    const alone = planRoute(fastAndSlow, request({ ...strict, model: 'fast/m' }), state, options);
    expect(alone.attempts).toMatchObject([{ provider: { id: 'fast' }, reason: 'probe' }]);
  });
});

describe('planRoute: preferences', () => {
  const three = indexOf([
    provider('alpha', [model('m', { price: { input: 3, output: 3 } })]),
    provider('beta', [model('m', { price: { input: 1, output: 1 } })]),
    provider('gamma', [model('m', { price: { input: 2, output: 2 } })]),
  ]);
  const options = { nowMs: START, random: seededRandom(8) };
  const plan = (fields: Partial<RouteRequest>) =>
    planRoute(three, request({ policy: 'price', ...fields }), new RouterState(), options);

  it('order: tries the named providers first, in that order, then the rest by policy', () => {
    const ordered = plan({ preferences: { order: ['gamma', 'alpha'] } });
    expect(providerIds(ordered)).toEqual(['gamma', 'alpha', 'beta']);
    expect(ordered.attempts.map((attempt) => attempt.reason)).toEqual(['preferred-order', 'preferred-order', 'ranked']);
  });

  it('only and ignore: filter providers, with the reason recorded', () => {
    const only = plan({ preferences: { only: ['alpha', 'gamma'] } });
    expect(providerIds(only)).toEqual(['gamma', 'alpha']);
    expect(rejections(only)).toEqual({ beta: 'not-in-only' });
    const ignore = plan({ preferences: { ignore: ['beta'] } });
    expect(providerIds(ignore)).toEqual(['gamma', 'alpha']);
    expect(rejections(ignore)).toEqual({ beta: 'ignored' });
  });

  it('max_price: drops providers over either limit (USD per 1M tokens)', () => {
    expect(providerIds(plan({ preferences: { maxPrice: { prompt: 2 } } }))).toEqual(['beta', 'gamma']);
    expect(providerIds(plan({ preferences: { maxPrice: { completion: 1.5 } } }))).toEqual(['beta']);
    const none = plan({ preferences: { maxPrice: { prompt: 0.5 } } });
    expect(none.attempts).toEqual([]);
    expect(new Set(none.rejected.map((rejection) => rejection.code))).toEqual(new Set(['over-max-price']));
  });

  it('allow_fallbacks false: one attempt, or only the providers in order', () => {
    const single = plan({ preferences: { allowFallbacks: false } });
    expect(providerIds(single)).toEqual(['beta']);
    expect(rejections(single)).toEqual({ alpha: 'fallbacks-not-allowed', gamma: 'fallbacks-not-allowed' });
    expect(providerIds(plan({ preferences: { allowFallbacks: false, order: ['alpha', 'gamma'] } }))).toEqual(['alpha', 'gamma']);
  });

  it(':floor sorts by price even when the cheaper provider is slower, without exploration draws', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    simulation.firstPlaces(request({ policy: 'latency' }), 50);
    const { model: modelName, preferences } = parseRoutingPreferences({ model: 'm:floor' });
    const floor = request({ model: modelName, preferences, policy: 'latency' });
    expect(simulation.firstPlaces(floor, 100)).toEqual({ slow: 100 });
    expect(simulation.plan(floor).policy).toBe('price');
  });

  it('models: adds each fallback model after every candidate of the primary, in the order given', () => {
    const index = indexOf([
      provider('alpha', [model('big', { price: { input: 9, output: 9 } }), model('small', { price: { input: 1, output: 1 } })]),
      provider('beta', [model('big', { price: { input: 8, output: 8 } }), model('tiny', { price: { input: 0.1, output: 0.1 } })]),
    ]);
    const fallbacks = planRoute(
      index,
      request({ model: 'big', models: ['tiny', 'small', 'nothing'], policy: 'price' }),
      new RouterState(),
      options,
    );
    expect(fallbacks.attempts.map((attempt) => `${attempt.provider.id}/${attempt.model.id}:${attempt.requested}`)).toEqual([
      'beta/big:big',
      'alpha/big:big',
      'beta/tiny:tiny',
      'alpha/small:small',
    ]);
    expect(fallbacks.unresolved).toEqual([{ requested: 'nothing', kind: 'unknown-model' }]);
    const strict = planRoute(
      index,
      request({ model: 'big', models: ['small'], preferences: { allowFallbacks: false } }),
      new RouterState(),
      options,
    );
    expect(strict.attempts.map((attempt) => `${attempt.provider.id}/${attempt.model.id}`)).toEqual(['beta/big', 'alpha/small']);
  });

  it('keeps an alias in the order it lists models, ranking only the providers of each model', () => {
    const index = indexOf(
      [
        provider('alpha', [
          model('first', { price: { input: 9, output: 9 } }),
          model('second', { price: { input: 5, output: 5 } }),
        ]),
        provider('beta', [model('second', { price: { input: 1, output: 1 } })]),
      ],
      { smart: ['first', 'second'] },
    );
    const aliased = planRoute(index, request({ model: 'smart', policy: 'price' }), new RouterState(), options);
    expect(aliased.attempts.map((attempt) => `${attempt.provider.id}/${attempt.model.id}`)).toEqual([
      'alpha/first',
      'beta/second',
      'alpha/second',
    ]);
  });

  it('caps the plan at maxAttempts, listing the rest', () => {
    const capped = planRoute(three, request({ policy: 'price' }), new RouterState(), { ...options, config: { maxAttempts: 2 } });
    expect(providerIds(capped)).toEqual(['beta', 'gamma']);
    expect(rejections(capped)).toEqual({ alpha: 'beyond-max-attempts' });
  });
});

describe('planRoute: filters', () => {
  const options = { nowMs: START, random: seededRandom(9) };

  it('drops models that declare a missing capability; unknown counts as supported unless require_parameters', () => {
    const index = indexOf([
      provider('without', [model('m', { capabilities: { tools: false, vision: true } })]),
      provider('unknown', [model('m')]),
      provider('declared', [model('m', { capabilities: { tools: true, jsonMode: true } })]),
    ]);
    const tools = { tools: true, vision: false, jsonMode: false };
    const lenient = planRoute(index, request({ needs: tools, policy: 'price' }), new RouterState(), options);
    expect(providerIds(lenient)).toEqual(['unknown', 'declared']);
    expect(rejections(lenient)).toEqual({ without: 'missing-capability' });
    expect(lenient.rejected[0]!.reason).toContain('tools');
    const strict = planRoute(
      index,
      request({ needs: tools, preferences: { requireParameters: true } }),
      new RouterState(),
      options,
    );
    expect(providerIds(strict)).toEqual(['declared']);
    const vision = planRoute(
      index,
      request({ needs: { tools: false, vision: true, jsonMode: false } }),
      new RouterState(),
      options,
    );
    expect(providerIds(vision).sort()).toEqual(['declared', 'unknown', 'without']);
  });

  it('drops models whose context window cannot hold the input plus max_tokens, or whose output limit is lower', () => {
    const index = indexOf([
      provider('small', [model('m', { contextWindow: 8_000 })]),
      provider('large', [model('m', { contextWindow: 128_000, maxOutputTokens: 4_000 })]),
    ]);
    const fits = planRoute(index, request({ estimatedInputTokens: 7_000, maxOutputTokens: 1_000 }), new RouterState(), options);
    expect(providerIds(fits).sort()).toEqual(['large', 'small']);
    const tooLong = planRoute(
      index,
      request({ estimatedInputTokens: 7_000, maxOutputTokens: 1_001 }),
      new RouterState(),
      options,
    );
    expect(providerIds(tooLong)).toEqual(['large']);
    expect(rejections(tooLong)).toEqual({ small: 'context-window' });
    const tooMuchOutput = planRoute(index, request({ maxOutputTokens: 5_000 }), new RouterState(), options);
    expect(providerIds(tooMuchOutput)).toEqual(['small']);
    expect(rejections(tooMuchOutput)).toEqual({ large: 'max-output-tokens' });
  });

  it('drops models of the other kind and reports names that resolve to nothing', () => {
    const index = indexOf([provider('alpha', [model('m'), model('e', { kind: 'embedding' })])]);
    const wrongKind = planRoute(index, request({ model: 'e' }), new RouterState(), options);
    expect(rejections(wrongKind)).toEqual({ alpha: 'wrong-kind' });
    expect(providerIds(planRoute(index, request({ model: 'e', kind: 'embedding' }), new RouterState(), options))).toEqual([
      'alpha',
    ]);
    expect(planRoute(index, request({ model: 'nope' }), new RouterState(), options).unresolved).toEqual([
      { requested: 'nope', kind: 'unknown-model' },
    ]);
  });
});

describe('planRoute: exploration and cost', () => {
  it('tries a never-tried candidate first until it has enough samples, then ranks it by what it measured', () => {
    // `fresh` is also the pricier one: losing latency ties on cost would starve it.
    const index = indexOf([
      provider('known', [model('m', { price: { input: 1, output: 1 } })]),
      provider('fresh', [model('m', { price: { input: 5, output: 5 } })]),
    ]);
    const simulation = new Simulation(index, { known: { latencyMs: 20 }, fresh: { latencyMs: 500 } });
    const latency = request({ policy: 'latency' });
    for (let sample = 0; sample < 10; sample++) simulation.report('known', 'm', false);
    const first = simulation.plan(latency, { config: { explorationEpsilon: 0 } });
    expect(providerIds(first)).toEqual(['fresh', 'known']);
    expect(first.attempts[0]).toMatchObject({ reason: 'exploring', expectedLatencyMs: expect.closeTo(20, -1) });
    const firstPlaces = Array.from(
      { length: 6 },
      () => simulation.step(latency, { config: { explorationEpsilon: 0 } })!.provider.id,
    );
    expect(firstPlaces).toEqual(['fresh', 'fresh', 'fresh', 'known', 'known', 'known']);
  });

  it('puts a random other candidate first in a share of plans (epsilon), never under price', () => {
    const simulation = new Simulation(fastAndSlow, { fast: { latencyMs: 20 }, slow: { latencyMs: 200 } });
    simulation.firstPlaces(request({ policy: 'latency' }), 50);
    const always = simulation.plan(request({ policy: 'latency' }), { config: { explorationEpsilon: 1 } });
    expect(always.attempts[0]).toMatchObject({ provider: { id: 'slow' }, reason: 'exploring' });
    const never = Array.from({ length: 50 }, () =>
      simulation.plan(request({ policy: 'latency' }), { config: { explorationEpsilon: 0 } }),
    );
    expect(never.every((plan) => plan.attempts[0]!.provider.id === 'fast')).toBe(true);
    const price = simulation.plan(request({ policy: 'price' }), { config: { explorationEpsilon: 1 } });
    expect(price.attempts[0]!.provider.id).toBe('slow'); // the cheaper one, by price, not by exploration
    expect(price.attempts[0]!.reason).toBe('ranked');
  });

  it('expects cost from input, cached input and output prices, in integer micro-dollars', () => {
    const index = indexOf([provider('alpha', [model('m', { price: { input: 2, cachedInput: 0.5, output: 8 } })])]);
    const state = new RouterState();
    const options = { nowMs: START, random: seededRandom(10) };
    const cost = (fields: Partial<RouteRequest>) =>
      planRoute(index, request(fields), state, options).attempts[0]!.expectedCostMicros;
    // 1000 input * $2/M + 100 output * $8/M = 2000 + 800 micro-dollars.
    expect(cost({ maxOutputTokens: 100 })).toBe(2_800);
    // Without max_tokens and before any observation: 500 output tokens.
    expect(cost({})).toBe(6_000);
    for (let sample = 0; sample < 3; sample++) {
      state.reportOutcome(
        {
          providerId: 'alpha',
          modelId: 'm',
          kind: 'success',
          latencyMs: 100,
          streamed: false,
          inputTokens: 1_000,
          cachedInputTokens: 500,
          outputTokens: 50,
        },
        START,
      );
    }
    // Half the input from the cache at $0.5/M; 50 observed output tokens (under max_tokens).
    expect(cost({ maxOutputTokens: 100 })).toBe(1_000 + 250 + 400);
    expect(cost({ maxOutputTokens: 10 })).toBe(1_000 + 250 + 80);
  });
});

describe('planRoute: output length of unmeasured providers', () => {
  /** One model at two prices: `cheap` costs half of what `dear` does, per input and per output token. */
  const cheapAndDear = indexOf([
    provider('cheap', [model('m', { price: { input: 1, output: 4 } })]),
    provider('dear', [model('m', { price: { input: 2, output: 8 } })]),
  ]);
  const options = { nowMs: START, random: seededRandom(11) };

  function reportAnswers(state: RouterState, providerId: string, modelId: string, outputTokens: number, count: number): void {
    for (let sample = 0; sample < count; sample++) {
      state.reportOutcome({ providerId, modelId, kind: 'success', latencyMs: 100, streamed: false, outputTokens }, START);
    }
  }

  function costs(plan: RoutePlan): Record<string, number> {
    return Object.fromEntries(plan.attempts.map((attempt) => [attempt.provider.id, attempt.expectedCostMicros]));
  }

  it('price: an unmeasured cheaper provider borrows the short answers measured elsewhere and is planned first', () => {
    const measured = new RouterState();
    reportAnswers(measured, 'dear', 'm', 5, 5);
    const plan = planRoute(cheapAndDear, request({ policy: 'price' }), measured, options);
    expect(providerIds(plan)).toEqual(['cheap', 'dear']);
    // 1000 input tokens at $1/M plus 5 borrowed output tokens at $4/M; `dear` keeps its own 5.
    expect(costs(plan)).toEqual({ cheap: 1_000 + 5 * 4, dear: 2_000 + 5 * 8 });
    expect(plan.attempts.map((attempt) => attempt.score)).toEqual([1_020, 2_040]);

    // Costed with the 500-token default instead, `cheap` would look dearer than `dear` and never
    // get the traffic that would measure it.
    const unmeasured = planRoute(cheapAndDear, request({ policy: 'price' }), new RouterState(), options);
    expect(costs(unmeasured).cheap).toBe(1_000 + 500 * 4);
    expect(costs(unmeasured).cheap).toBeGreaterThan(costs(plan).dear!);
  });

  it('borrows the average of the measured siblings until the provider has enough samples of its own', () => {
    const index = indexOf([
      provider('cheap', [model('m', { price: { input: 1, output: 4 } })]),
      provider('middle', [model('m', { price: { input: 2, output: 8 } })]),
      provider('dear', [model('m', { price: { input: 3, output: 12 } })]),
    ]);
    const state = new RouterState();
    reportAnswers(state, 'middle', 'm', 5, 3);
    reportAnswers(state, 'dear', 'm', 15, 3);
    // Two long answers are below minimumSamples (3): not yet this provider's own figure.
    reportAnswers(state, 'cheap', 'm', 1_000, 2);
    const borrowing = planRoute(index, request({ policy: 'price' }), state, options);
    expect(providerIds(borrowing)).toEqual(['cheap', 'middle', 'dear']);
    // (5 + 15) / 2 = 10 output tokens borrowed.
    expect(costs(borrowing)).toEqual({ cheap: 1_000 + 10 * 4, middle: 2_000 + 5 * 8, dear: 3_000 + 15 * 12 });

    reportAnswers(state, 'cheap', 'm', 1_000, 1);
    const ownFigure = planRoute(index, request({ policy: 'price' }), state, options);
    expect(costs(ownFigure).cheap).toBe(1_000 + 1_000 * 4);
    expect(providerIds(ownFigure)).toEqual(['middle', 'dear', 'cheap']);
  });

  it('uses the configured default when no provider of the model is measured, whatever other models write', () => {
    const index = indexOf([
      provider('cheap', [model('m', { price: { input: 1, output: 4 } })]),
      provider('dear', [model('m', { price: { input: 2, output: 8 } }), model('n', { price: { input: 2, output: 8 } })]),
    ]);
    const state = new RouterState();
    // Another model's short answers say nothing about how much `m` writes.
    reportAnswers(state, 'dear', 'n', 5, 5);
    const plan = planRoute(index, request({ policy: 'price', models: ['n'] }), state, options);
    expect(plan.attempts.map((attempt) => `${attempt.provider.id}/${attempt.model.id}:${attempt.expectedCostMicros}`)).toEqual([
      `cheap/m:${1_000 + 500 * 4}`,
      `dear/m:${2_000 + 500 * 8}`,
      `dear/n:${2_000 + 5 * 8}`,
    ]);
    const shorter = planRoute(index, request({ policy: 'price' }), state, { ...options, config: { defaultOutputTokens: 50 } });
    expect(costs(shorter)).toEqual({ cheap: 1_000 + 50 * 4, dear: 2_000 + 50 * 8 });
  });
});

describe('planRoute with resolved names and a key scope', () => {
  const index = indexOf([
    provider('deepseek', [model('deepseek-v4-pro'), model('deepseek-v4-flash')]),
    provider('openai', [model('gpt-4o')]),
  ]);
  const options: PlanRouteOptions = { nowMs: START, random: seededRandom(1) };

  it('plans the resolved names in order, keeping the name sent for messages', () => {
    const plan = planRoute(
      index,
      request({ model: 'claude-sonnet-4-5', resolvedNames: ['deepseek-v4-pro', 'deepseek-v4-flash'] }),
      new RouterState(),
      options,
    );
    expect(plan.attempts.map((attempt) => `${attempt.requested}:${attempt.model.id}`)).toEqual([
      'deepseek-v4-pro:deepseek-v4-pro',
      'deepseek-v4-flash:deepseek-v4-flash',
    ]);
    expect(plan.unresolved).toEqual([]);
  });

  it('rejects candidates the caller may not use as not-allowed, keeping the others', () => {
    const plan = planRoute(index, request({ model: 'x', resolvedNames: ['gpt-4o', 'deepseek-v4-flash'] }), new RouterState(), {
      ...options,
      allows: (candidate) => candidate.provider.id === 'deepseek',
    });
    expect(providerIds(plan)).toEqual(['deepseek']);
    expect(rejections(plan)).toEqual({ openai: 'not-allowed' });
  });
});
