import type { CatalogIndex } from './catalog-index';
import type { CircuitBreakerDescription } from './circuit-breaker';
import { describeRejections } from './describe-rejections';
import { type PlanRouteOptions, planRoute } from './plan-route';
import type { ProviderModelStatsSummary } from './provider-model-stats';
import type { AttemptReason, RejectionCode, UnresolvedModel } from './route-plan';
import type { RouteRequest, RoutingPolicy } from './route-request';
import type { RouterState } from './router-state';

export interface ExplainedCandidate {
  provider: string;
  model: string;
  upstream: string;
  requested: string;
  stats: ProviderModelStatsSummary | undefined;
  breakers: ({ keyId: string } & CircuitBreakerDescription)[];
}

export interface ExplainedAttempt extends ExplainedCandidate {
  reason: AttemptReason;
  score: number;
  /** Cache-aware: the input share `expectedCachedShare` priced at the cached-input price. */
  expectedCostMicros: number;
  /** The same at list prices, nothing cached: the estimate both ways. */
  listCostMicros: number;
  expectedCachedShare: number;
  expectedLatencyMs: number;
  expectedTokensPerSecond: number | undefined;
  keyIds: readonly string[];
  probeKeyId: string | undefined;
}

export interface ExplainedRejection extends ExplainedCandidate {
  code: RejectionCode;
  reason: string;
  untilMs: number | undefined;
}

/** A routing decision as plain JSON, for `x-switchboard-debug` and `GET /admin/routing/{model}`. */
export interface RouteExplanation {
  requested: string[];
  policy: RoutingPolicy;
  nowMs: number;
  attempts: ExplainedAttempt[];
  rejected: ExplainedRejection[];
  unresolved: UnresolvedModel[];
  /** Present when nothing qualified: what a 503 would say. */
  failure: string | undefined;
}

/**
 * Plans like `planRoute` (without reserving a probe, so looking changes nothing) and reports
 * what it saw: every candidate's statistics and breakers, the scores, the rejections. Slower
 * than planning (it computes percentiles); meant for debugging, not for every request.
 */
export function explainRoute(
  index: CatalogIndex,
  request: RouteRequest,
  state: RouterState,
  options: PlanRouteOptions,
): RouteExplanation {
  const { nowMs } = options;
  const plan = planRoute(index, request, state, { ...options, claimProbe: false });
  const describe = (providerId: string, modelId: string) => {
    const entry = state.entryFor(providerId, modelId);
    return {
      stats: entry?.stats.summary(nowMs),
      breakers: [...(entry?.breakers ?? [])].map(([keyId, breaker]) => ({ keyId, ...breaker.describe(nowMs) })),
    };
  };
  return {
    requested: [request.model, ...(request.models ?? [])],
    policy: plan.policy,
    nowMs,
    attempts: plan.attempts.map((attempt) => ({
      provider: attempt.provider.id,
      model: attempt.model.id,
      upstream: attempt.model.upstream,
      requested: attempt.requested,
      reason: attempt.reason,
      score: attempt.score,
      expectedCostMicros: attempt.expectedCostMicros,
      listCostMicros: attempt.listCostMicros,
      expectedCachedShare: attempt.expectedCachedShare,
      expectedLatencyMs: attempt.expectedLatencyMs,
      expectedTokensPerSecond: attempt.expectedTokensPerSecond,
      keyIds: attempt.keyIds,
      probeKeyId: attempt.probeKeyId,
      ...describe(attempt.provider.id, attempt.model.id),
    })),
    rejected: plan.rejected.map((rejection) => ({
      provider: rejection.candidate.provider.id,
      model: rejection.candidate.model.id,
      upstream: rejection.candidate.model.upstream,
      requested: rejection.requested,
      code: rejection.code,
      reason: rejection.reason,
      untilMs: rejection.untilMs,
      ...describe(rejection.candidate.provider.id, rejection.candidate.model.id),
    })),
    unresolved: plan.unresolved,
    failure: plan.attempts.length === 0 ? describeRejections(plan, nowMs).message : undefined,
  };
}
