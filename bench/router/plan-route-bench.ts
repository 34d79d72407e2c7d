import type { Catalog, CatalogProvider } from '@switchboard/protocol';
import {
  CatalogIndex,
  type PlanRouteOptions,
  planRoute,
  type RouteRequest,
  RouterState,
  seededRandom,
} from '@switchboard/router';

// `npx tsx bench/router/plan-route-bench.ts`: mean time of one planRoute over 20 candidates
// that all have statistics and breakers, the case the gateway meets on every request. The
// router's budget is 20 microseconds per plan.

const CANDIDATES = 20;
const WARM_UP_PLANS = 50_000;
const MEASURED_PLANS = 500_000;

const providers: CatalogProvider[] = Array.from({ length: CANDIDATES }, (_, index) => ({
  id: `provider-${index}`,
  adapter: 'openai-compatible',
  baseUrl: `https://provider-${index}.example/v1`,
  enabled: true,
  models: [
    {
      id: 'bench-model',
      upstream: 'bench-model',
      kind: 'chat',
      price: { input: 0.2 + index * 0.05, cachedInput: 0.05, output: 0.8 + index * 0.1 },
      contextWindow: 128_000,
      capabilities: { tools: true, jsonMode: true },
    },
  ],
}));
const catalog: Catalog = { providers, aliases: {} };
const index = new CatalogIndex(catalog);

const random = seededRandom(42);
const state = new RouterState();
let nowMs = 1_700_000_000_000;
for (let round = 0; round < 50; round++) {
  providers.forEach((provider, position) => {
    nowMs += 10;
    const failed = position % 7 === 0 && round % 5 === 0;
    state.reportOutcome(
      {
        providerId: provider.id,
        modelId: 'bench-model',
        kind: failed ? 'error' : 'success',
        latencyMs: 400 + position * 30 + random() * 100,
        firstTokenMs: 100 + position * 10 + random() * 50,
        outputTokens: 300,
        inputTokens: 1000,
        cachedInputTokens: 200,
        streamed: true,
      },
      nowMs,
    );
  });
}

const request: RouteRequest = {
  model: 'bench-model',
  stream: true,
  estimatedInputTokens: 1_200,
  maxOutputTokens: 1_000,
  needs: { tools: true, vision: false, jsonMode: false },
};
const options: PlanRouteOptions = { nowMs, random };

// The same request with a warm prompt cache on one provider (prompt-cache affinity).
const affine: RouteRequest = { ...request, affinity: { providerId: 'provider-7', cachedShare: 0.8 } };

function run(plans: number, routeRequest: RouteRequest): number {
  let attempts = 0;
  for (let plan = 0; plan < plans; plan++) {
    options.nowMs = nowMs + plan;
    attempts += planRoute(index, routeRequest, state, options).attempts.length;
  }
  return attempts;
}

for (const [label, routeRequest] of [
  ['affinity off', request],
  ['affinity on', affine],
] as const) {
  run(WARM_UP_PLANS, routeRequest);
  const started = process.hrtime.bigint();
  const attempts = run(MEASURED_PLANS, routeRequest);
  const elapsedNanoseconds = Number(process.hrtime.bigint() - started);
  const microsPerPlan = elapsedNanoseconds / MEASURED_PLANS / 1000;
  console.log(
    `planRoute, ${CANDIDATES} candidates, ${label}: ${microsPerPlan.toFixed(2)} µs per plan (${MEASURED_PLANS} plans, ` +
      `${(attempts / MEASURED_PLANS).toFixed(1)} attempts each; budget 20 µs)`,
  );
}
