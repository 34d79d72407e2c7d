import type { Candidate } from './catalog-index';
import type { ProviderModelStats } from './provider-model-stats';
import type { AttemptReason } from './route-plan';
import type { RouteRequest, RoutingPolicy } from './route-request';
import type { RoutingConfig } from './routing-config';

// Even a candidate failing most attempts keeps a little weight: the breaker, not the score, is
// what takes a broken provider out.
const MINIMUM_SUCCESS_SHARE = 0.05;

/** What the router expects of one candidate for one request; ranking fills in the score. */
export interface CandidateEstimate {
  candidate: Candidate;
  requested: string;
  /** Resolution order: the last tie-break, so equal candidates keep the catalog's order. */
  position: number;
  keyIds: readonly string[];
  probeKeyId: string | undefined;
  /** Micro-dollars, unrounded so that cheap requests still compare; cache-aware. */
  costMicros: number;
  /** The same at list prices with nothing read from cache, for the explanation. */
  listCostMicros: number;
  /** The share of the input `costMicros` takes as cached. */
  cachedShare: number;
  /** Output tokens the cost assumes, and whether they come from this candidate's own observations. */
  outputTokens: number;
  outputTokensObserved: boolean;
  /** Micro-dollars per output token, to re-cost the estimate with another output figure. */
  outputPriceMicros: number;
  /** Time to first token (streams) or to the whole answer; undefined when never measured. */
  latencyMs: number | undefined;
  latencyMeasured: boolean;
  /** Read only under the throughput policy. */
  tokensPerSecond: number | undefined;
  throughputMeasured: boolean;
  /** Expected share of attempts that neither fail nor get a 429. */
  successShare: number;
  score: number;
  tieBreak: number;
  /** balanced: this plan's price-weighted random key (larger leads). */
  draw: number;
  reason: AttemptReason;
}

/**
 * Expected cost and speed of a candidate for this request, from the catalog's prices and the
 * observed statistics. Output tokens: what this model usually writes, capped by max_tokens (which
 * is a ceiling, not a forecast); the configured default before anything was observed.
 */
export function estimateCandidate(
  candidate: Candidate,
  requested: string,
  position: number,
  keys: { keyIds: readonly string[]; probeKeyId: string | undefined },
  stats: ProviderModelStats | undefined,
  request: RouteRequest,
  policy: RoutingPolicy,
  config: RoutingConfig,
  nowMs: number,
): CandidateEstimate {
  const price = candidate.model.price;
  const observedOutput =
    stats && stats.outputTokens.observations() >= config.minimumSamples ? stats.outputTokens.mean() : undefined;
  const outputTokens = Math.min(
    request.maxOutputTokens ?? Number.POSITIVE_INFINITY,
    observedOutput ?? config.defaultOutputTokens,
  );
  const inputPrice = price?.input ?? 0;
  // For a conversation with a known warm provider, its share for this prefix there and nothing
  // elsewhere (a cache is per provider account); otherwise what this provider and model caches.
  const affinity = request.affinity;
  const cachedShare =
    price?.cachedInput === undefined
      ? 0
      : affinity
        ? affinity.providerId === candidate.provider.id
          ? affinity.cachedShare
          : 0
        : (stats?.cachedInputShare.mean() ?? 0);
  // Catalog prices are USD per 1M tokens, which is exactly micro-dollars per token.
  const outputCostMicros = outputTokens * (price?.output ?? 0);
  const listCostMicros = request.estimatedInputTokens * inputPrice + outputCostMicros;
  const costMicros =
    cachedShare === 0
      ? listCostMicros
      : request.estimatedInputTokens * ((1 - cachedShare) * inputPrice + cachedShare * price!.cachedInput!) + outputCostMicros;

  const latencyMetric = stats ? (request.stream ? stats.firstTokenMs : stats.latencyMs) : undefined;
  const failures = stats?.outcomes.sharesWithPrior(nowMs, config.failurePriorWeight);
  // Throughput is only read under its own policy; skipping it elsewhere keeps planning cheap.
  const throughput = policy === 'throughput' ? stats?.outputTokensPerSecond : undefined;
  return {
    candidate,
    requested,
    position,
    keyIds: keys.keyIds,
    probeKeyId: keys.probeKeyId,
    costMicros,
    listCostMicros,
    cachedShare,
    outputTokens,
    outputTokensObserved: observedOutput !== undefined,
    outputPriceMicros: price?.output ?? 0,
    latencyMs: latencyMetric?.mean(),
    latencyMeasured: latencyMetric !== undefined && latencyMetric.observations() >= config.minimumSamples,
    tokensPerSecond: throughput?.mean(),
    throughputMeasured: throughput !== undefined && throughput.observations() >= config.minimumSamples,
    successShare: failures ? Math.max(MINIMUM_SUCCESS_SHARE, (1 - failures.errorRate) * (1 - failures.rateLimitRate)) : 1,
    score: 0,
    tieBreak: 0,
    draw: 0,
    reason: 'ranked',
  };
}
