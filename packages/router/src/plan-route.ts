import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import type { Candidate, CatalogIndex } from './catalog-index';
import { checkCandidate } from './check-candidate';
import { checkKeyHealth } from './check-key-health';
import { type CandidateEstimate, estimateCandidate } from './estimate-candidate';
import { rankCandidates } from './rank-candidates';
import { resolveCandidates } from './resolve-candidates';
import type { PlannedAttempt, RoutePlan } from './route-plan';
import type { RouteRequest } from './route-request';
import { DEFAULT_KEY_ID, type RouterState } from './router-state';
import { DEFAULT_ROUTING_CONFIG, type RoutingConfig } from './routing-config';

export interface PlanRouteOptions {
  nowMs: number;
  /** Uniform in [0, 1); injected so that plans are reproducible in tests. */
  random: () => number;
  config?: Partial<RoutingConfig>;
  /**
   * The ids of a provider's active keys. Undefined (or no function) means one key without an
   * id (environment keys), reported as `keyId: undefined`; an empty list means no key at all.
   */
  keyIds?: (provider: CatalogProvider) => readonly string[] | undefined;
  /** false describes the plan without reserving a half-open probe (explanations, admin). */
  claimProbe?: boolean;
  /**
   * Whether the caller may be served by this candidate (a gateway key's allowedModels, checked
   * against the model that would serve, not only the name sent). Others are rejected `not-allowed`.
   */
  allows?: (candidate: Candidate, requested: string) => boolean;
}

const SINGLE_KEY: readonly string[] = [DEFAULT_KEY_ID];

function toAttempt(estimate: CandidateEstimate): PlannedAttempt {
  const attempt: PlannedAttempt = {
    provider: estimate.candidate.provider,
    model: estimate.candidate.model,
    requested: estimate.requested,
    keyIds: estimate.keyIds,
    score: estimate.score,
    expectedCostMicros: Math.round(estimate.costMicros),
    expectedLatencyMs: estimate.latencyMs!,
    expectedTokensPerSecond: estimate.tokensPerSecond,
    reason: estimate.reason,
    listCostMicros: Math.round(estimate.listCostMicros),
    expectedCachedShare: estimate.cachedShare,
  };
  if (estimate.probeKeyId !== undefined) attempt.probeKeyId = estimate.probeKeyId;
  return attempt;
}

/**
 * The ordered attempts for one request. Pure apart from one deliberate write: a half-open
 * circuit's probe slot is reserved for the plan that includes it, so concurrent requests do not
 * all probe a recovering provider (pass `claimProbe: false` to only look).
 *
 * Distinct models are tried in the order they were asked for (`model`, then `models`, and an
 * alias's models in the order it lists them); the providers of one model compete under the
 * policy. Candidates left out are listed in `rejected` with the reason, for a 503 that names it.
 */
export function planRoute(index: CatalogIndex, request: RouteRequest, state: RouterState, options: PlanRouteOptions): RoutePlan {
  const config = options.config ? { ...DEFAULT_ROUTING_CONFIG, ...options.config } : DEFAULT_ROUTING_CONFIG;
  const { nowMs } = options;
  const preferences = request.preferences;
  const policy = preferences?.sort ?? request.policy ?? config.defaultPolicy;
  const kind = request.kind ?? 'chat';
  const names =
    request.resolvedNames ?? (request.models && request.models.length > 0 ? [request.model, ...request.models] : [request.model]);
  const plan: RoutePlan = { policy, attempts: [], rejected: [], unresolved: [] };

  const groups: CandidateEstimate[][] = [];
  const groupModelIds: string[] = [];
  const seen = names.length > 1 ? new Set<CatalogModel>() : undefined;
  let probing = false;
  let position = 0;
  for (const requested of names) {
    const resolution = resolveCandidates(index, requested);
    if (resolution.kind === 'unknown-model') {
      plan.unresolved.push({ requested, kind: resolution.kind });
      continue;
    }
    if (resolution.kind === 'provider-disabled') {
      plan.unresolved.push({ requested, kind: resolution.kind, providerId: resolution.providerId });
      continue;
    }
    const firstGroup = groups.length;
    for (const candidate of resolution.candidates) {
      if (seen?.has(candidate.model)) continue;
      seen?.add(candidate.model);
      if (options.allows && !options.allows(candidate, requested)) {
        plan.rejected.push({ candidate, requested, code: 'not-allowed', reason: 'the API key may not use this model' });
        continue;
      }
      const problem = checkCandidate(candidate, request, kind);
      if (problem) {
        plan.rejected.push({ candidate, requested, code: problem.code, reason: problem.reason });
        continue;
      }
      const keyIds = options.keyIds?.(candidate.provider) ?? SINGLE_KEY;
      const entry = state.entryFor(candidate.provider.id, candidate.model.id);
      const health = checkKeyHealth(candidate, entry?.breakers, keyIds, nowMs);
      if ('code' in health) {
        plan.rejected.push({ candidate, requested, code: health.code, reason: health.reason, untilMs: health.untilMs });
        continue;
      }
      let probeKeyId = health.probeKeyId;
      if (probeKeyId !== undefined && probing) {
        // One probe per plan: a second one would sit behind the first and likely never run.
        if (health.keyIds.length === 0) {
          plan.rejected.push({
            candidate,
            requested,
            code: 'circuit-half-open',
            reason: `'${candidate.provider.id}' is recovering; this request already probes another provider`,
            untilMs: nowMs,
          });
          continue;
        }
        probeKeyId = undefined;
      }
      if (probeKeyId !== undefined) probing = true;
      const estimate = estimateCandidate(
        candidate,
        requested,
        position++,
        { keyIds: health.keyIds, probeKeyId },
        entry?.stats,
        request,
        policy,
        config,
        nowMs,
      );
      let groupIndex = groupModelIds.indexOf(candidate.model.id, firstGroup);
      if (groupIndex < 0) {
        groupIndex = groups.length;
        groups.push([]);
        groupModelIds.push(candidate.model.id);
      }
      groups[groupIndex]!.push(estimate);
    }
  }

  const allowFallbacks = preferences?.allowFallbacks !== false;
  const order = preferences?.order && preferences.order.length > 0 ? preferences.order : undefined;
  const rankOptions = {
    policy,
    config,
    random: options.random,
    order,
    clientSorted: preferences?.sort !== undefined,
    affinityProviderId: request.affinity?.providerId,
  };
  const planIsFull = `plans hold at most ${config.maxAttempts} attempts`;
  for (const group of groups) {
    if (!allowFallbacks && group.length > 1) dropProbe(group, plan, nowMs);
    rankCandidates(group, rankOptions);
    for (let rank = 0; rank < group.length; rank++) {
      const estimate = group[rank]!;
      const { candidate, requested } = estimate;
      const kept = allowFallbacks || (order ? order.includes(candidate.provider.id) : rank === 0);
      if (!kept) {
        plan.rejected.push({ candidate, requested, code: 'fallbacks-not-allowed', reason: 'provider.allow_fallbacks is false' });
      } else if (plan.attempts.length >= config.maxAttempts) {
        plan.rejected.push({
          candidate,
          requested,
          code: 'beyond-max-attempts',
          reason: planIsFull,
        });
      } else {
        plan.attempts.push(toAttempt(estimate));
      }
    }
  }

  if (options.claimProbe !== false) {
    for (const attempt of plan.attempts) {
      if (attempt.probeKeyId === undefined) continue;
      state.breakerFor(attempt.provider.id, attempt.probeKeyId, attempt.model.id)?.claimProbe(nowMs);
    }
  }
  return plan;
}

/**
 * A request that refuses fallbacks makes a poor probe: if the recovering provider still fails,
 * the client gets the failure. It probes only when its model has no other candidate, so such
 * clients cannot keep a circuit half-open for ever either.
 */
function dropProbe(group: CandidateEstimate[], plan: RoutePlan, nowMs: number): void {
  const index = group.findIndex((estimate) => estimate.probeKeyId !== undefined);
  if (index < 0) return;
  const estimate = group[index]!;
  if (estimate.keyIds.length > 0) {
    estimate.probeKeyId = undefined;
    return;
  }
  group.splice(index, 1);
  plan.rejected.push({
    candidate: estimate.candidate,
    requested: estimate.requested,
    code: 'circuit-half-open',
    reason: `'${estimate.candidate.provider.id}' is recovering and is probed only by requests that allow fallbacks`,
    untilMs: nowMs,
  });
}
