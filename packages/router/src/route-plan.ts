import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import type { Candidate } from './catalog-index';
import type { RoutingPolicy } from './route-request';

/**
 * Why an attempt is where it is.
 * - `probe`: the circuit of this key is half-open and this attempt is its one probe.
 * - `exploring`: too little is known about it; it was given the benefit of the doubt (or the
 *   exploration draw picked it).
 * - `preferred-order`: the request's `provider.order` put it there.
 * - `ranked`: the policy's ranking.
 */
export type AttemptReason = 'probe' | 'exploring' | 'preferred-order' | 'affinity' | 'ranked';

export interface PlannedAttempt {
  provider: CatalogProvider;
  model: CatalogModel;
  /** The name in the request (`model` or an entry of `models`) this candidate came from. */
  requested: string;
  /**
   * Keys whose breakers allow this attempt; the gateway's key source picks among them. `''` is
   * the single key without an id (environment keys). Empty when the attempt is only a probe.
   */
  keyIds: readonly string[];
  /** Set for a probe: the attempt must use this key, and its outcome must be reported. */
  probeKeyId?: string;
  /**
   * What the policy ranked by, lower is better: expected latency in ms divided by the expected
   * success share (balanced, latency), expected cost in micro-dollars (price), or ms per output
   * token divided by the success share (throughput). Provider order and probes override it.
   */
  score: number;
  expectedCostMicros: number;
  expectedLatencyMs: number;
  expectedTokensPerSecond: number | undefined;
  reason: AttemptReason;
  /** The same estimate at list prices with nothing cached, beside the cache-aware one above. */
  listCostMicros: number;
  /** The share of the input the cache-aware estimate takes as read from cache. */
  expectedCachedShare: number;
}

export type RejectionCode =
  | 'disabled'
  | 'wrong-kind'
  | 'missing-capability'
  | 'context-window'
  | 'max-output-tokens'
  | 'ignored'
  | 'not-in-only'
  | 'region'
  | 'data-policy'
  | 'over-max-price'
  | 'no-key'
  | 'circuit-open'
  | 'circuit-half-open'
  | 'rate-limited'
  | 'fallbacks-not-allowed'
  | 'beyond-max-attempts'
  | 'not-allowed';

export interface Rejection {
  candidate: Candidate;
  requested: string;
  code: RejectionCode;
  /** For people: names the limit that was hit. */
  reason: string;
  /** For temporary rejections (open circuit, Retry-After): when the candidate may be planned again. */
  untilMs?: number;
}

/** A requested name that resolved to no candidate at all. */
export interface UnresolvedModel {
  requested: string;
  kind: 'unknown-model' | 'provider-disabled';
  providerId?: string;
}

export interface RoutePlan {
  policy: RoutingPolicy;
  attempts: PlannedAttempt[];
  rejected: Rejection[];
  unresolved: UnresolvedModel[];
}
