import type { CandidateEstimate } from './estimate-candidate';
import type { RoutingPolicy } from './route-request';
import type { RoutingConfig } from './routing-config';

export interface RankOptions {
  policy: RoutingPolicy;
  config: RoutingConfig;
  random: () => number;
  /** `provider.order`, when the request has one. */
  order: readonly string[] | undefined;
  /** The client chose the sort (`provider.sort`, `:floor`, `:nitro`): no exploration draw, no probe up front. */
  clientSorted: boolean;
  /** The provider the request's prompt cache is warm on (RouteRequest.affinity). */
  affinityProviderId?: string;
}

// Added to costs before comparing them, so free candidates do not get infinite weight.
const COST_SMOOTHING_MICROS = 1;

function exploring(estimate: CandidateEstimate): number {
  return estimate.reason === 'exploring' ? 1 : 0;
}

/**
 * Lower score first. On a tie, an unexplored candidate goes before a measured one: its optimistic
 * estimate equals the best, and losing ties on cost or catalog order would starve it.
 */
function compare(left: CandidateEstimate, right: CandidateEstimate): number {
  return (
    left.score - right.score ||
    exploring(right) - exploring(left) ||
    left.tieBreak - right.tieBreak ||
    left.position - right.position
  );
}

function moveToFront(group: CandidateEstimate[], index: number): void {
  const [chosen] = group.splice(index, 1);
  group.unshift(chosen!);
}

/**
 * Optimism for the unexplored: a measurement with too few samples is taken to be as good as the
 * best measured one (or its own figure, if better), so a new candidate gets tried instead of
 * being starved by a known-good one. Stale estimates of idle candidates are refreshed by the
 * exploration draw instead.
 */
function assumeBestForUnexplored(group: CandidateEstimate[]): void {
  let bestLatency = Number.POSITIVE_INFINITY;
  let bestThroughput = 0;
  for (const estimate of group) {
    if (estimate.latencyMeasured) bestLatency = Math.min(bestLatency, estimate.latencyMs!);
    if (estimate.throughputMeasured) bestThroughput = Math.max(bestThroughput, estimate.tokensPerSecond!);
  }
  for (const estimate of group) {
    if (!estimate.latencyMeasured) {
      const optimistic = Math.min(estimate.latencyMs ?? Number.POSITIVE_INFINITY, bestLatency);
      estimate.latencyMs = Number.isFinite(optimistic) ? optimistic : 0;
    }
    if (!estimate.throughputMeasured) {
      const optimistic = Math.max(estimate.tokensPerSecond ?? 0, bestThroughput);
      estimate.tokensPerSecond = optimistic > 0 ? optimistic : undefined;
    }
  }
}

/**
 * How much a model writes is mostly the model's, not the provider's: a candidate without
 * observations of its own borrows what its measured siblings (the same model elsewhere) write.
 * Costed with the configured default instead, it would look many times dearer than a measured
 * one, lose every price comparison, and under `price` (no exploration) never get the traffic
 * that would correct the figure.
 */
function shareObservedOutputTokens(group: CandidateEstimate[]): void {
  let sum = 0;
  let observed = 0;
  for (const estimate of group) {
    if (!estimate.outputTokensObserved) continue;
    sum += estimate.outputTokens;
    observed++;
  }
  if (observed === 0 || observed === group.length) return;
  const shared = sum / observed;
  for (const estimate of group) {
    if (estimate.outputTokensObserved) continue;
    estimate.costMicros += (shared - estimate.outputTokens) * estimate.outputPriceMicros;
    estimate.listCostMicros += (shared - estimate.outputTokens) * estimate.outputPriceMicros;
    estimate.outputTokens = shared;
  }
}

function score(estimate: CandidateEstimate, policy: RoutingPolicy): void {
  // Dividing by the success share prices in the attempts that fail or get a 429.
  const latencyScore = estimate.latencyMs! / estimate.successShare;
  if (policy === 'price') {
    estimate.score = estimate.costMicros;
    estimate.tieBreak = latencyScore;
  } else if (policy === 'throughput') {
    const tokensPerSecond = estimate.tokensPerSecond;
    // Unknown everywhere: all tie at 0 and latency decides.
    estimate.score = tokensPerSecond ? 1000 / (tokensPerSecond * estimate.successShare) : 0;
    estimate.tieBreak = latencyScore;
    if (!estimate.throughputMeasured) estimate.reason = 'exploring';
  } else {
    estimate.score = latencyScore;
    estimate.tieBreak = estimate.costMicros;
    if (!estimate.latencyMeasured) estimate.reason = 'exploring';
  }
}

/**
 * balanced: the candidates within the latency tolerance of the fastest are put in a random order
 * where each one's chance to lead is proportional to (cheapest cost / its cost) ^ exponent,
 * scaled by its success share (Efraimidis-Spirakis weighted sampling without replacement).
 */
function shuffleByPrice(group: CandidateEstimate[], config: RoutingConfig, random: () => number): void {
  const limit = group[0]!.score * (1 + config.latencyToleranceRatio) + config.latencyToleranceMs;
  let end = 1;
  while (end < group.length && group[end]!.score <= limit) end++;
  if (end === 1) return;
  let cheapest = Number.POSITIVE_INFINITY;
  for (let index = 0; index < end; index++) cheapest = Math.min(cheapest, group[index]!.costMicros);
  for (let index = 0; index < end; index++) {
    const estimate = group[index]!;
    const weight =
      ((cheapest + COST_SMOOTHING_MICROS) / (estimate.costMicros + COST_SMOOTHING_MICROS)) ** config.priceExponent *
      estimate.successShare;
    // log of (0, 1] is <= 0; a larger weight brings the key closer to 0, i.e. earlier.
    estimate.draw = Math.log(1 - random()) / weight;
  }
  // Insertion sort of the few contenders, in place: no allocation on the hot path.
  for (let index = 1; index < end; index++) {
    const estimate = group[index]!;
    let slot = index;
    while (slot > 0 && group[slot - 1]!.draw < estimate.draw) {
      group[slot] = group[slot - 1]!;
      slot--;
    }
    group[slot] = estimate;
  }
}

function putPreferredFirst(group: CandidateEstimate[], order: readonly string[]): void {
  const rank = (estimate: CandidateEstimate) => {
    const index = order.indexOf(estimate.candidate.provider.id);
    return index < 0 ? order.length : index;
  };
  // Array sort is stable: the policy's ranking survives within and after the preferred ones.
  group.sort((left, right) => rank(left) - rank(right));
  for (const estimate of group) if (rank(estimate) < order.length) estimate.reason = 'preferred-order';
}

/** Orders the candidates of one requested model, best first, in place. */
export function rankCandidates(group: CandidateEstimate[], options: RankOptions): void {
  const { policy, config, random } = options;
  const order = options.order && options.order.length > 0 ? options.order : undefined;
  assumeBestForUnexplored(group);
  shareObservedOutputTokens(group);
  for (const estimate of group) score(estimate, policy);
  group.sort(compare);
  if (policy === 'balanced') shuffleByPrice(group, config, random);
  if (order) putPreferredFirst(group, order);

  const probeIndex = group.findIndex((estimate) => estimate.probeKeyId !== undefined);
  if (probeIndex >= 0) group[probeIndex]!.reason = 'probe';
  // Left to us, a probe goes first: planned behind an attempt that answers, it would never run.
  // When the client fixed the order or the sort, it stays where the ranking put it (its lease
  // expires if it is never attempted).
  if (order || options.clientSorted) return;
  // A warm prompt cache outweighs exploring or probing another provider (a probe lease left
  // unused expires); under `price` the cache-aware cost has already ranked it.
  if (options.affinityProviderId !== undefined && policy !== 'price') {
    const warm = group.findIndex((estimate) => estimate.candidate.provider.id === options.affinityProviderId);
    if (warm >= 0) {
      if (warm > 0) moveToFront(group, warm);
      group[0]!.reason = 'affinity';
      return;
    }
  }
  if (probeIndex > 0) moveToFront(group, probeIndex);
  else if (probeIndex < 0 && policy !== 'price' && group.length > 1 && random() < config.explorationEpsilon) {
    // Price is known, not measured, so there is nothing to explore under `price`.
    moveToFront(group, 1 + Math.floor(random() * (group.length - 1)));
    group[0]!.reason = 'exploring';
  }
}
