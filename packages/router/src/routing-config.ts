import type { RoutingPolicy } from './route-request';

/** Planning knobs; every field has a default in DEFAULT_ROUTING_CONFIG. */
export interface RoutingConfig {
  /** The policy when neither the request nor its preferences name one. */
  defaultPolicy: RoutingPolicy;
  /** balanced: candidates within best * (1 + ratio) + ms of the best expected latency compete on price. */
  latencyToleranceRatio: number;
  latencyToleranceMs: number;
  /** balanced: pick weight is (cheapest cost / own cost) ^ exponent (OpenRouter weighs by inverse square price). */
  priceExponent: number;
  /** A measurement with fewer observations than this is unexplored, and assumed as good as the best. */
  minimumSamples: number;
  /**
   * Chance that a plan puts a random other candidate first, so the estimates of candidates the
   * policy never picks stay fresh (not under `price`, where nothing is measured).
   */
  explorationEpsilon: number;
  /** Expected output tokens when the request has no max_tokens and nothing was observed yet. */
  defaultOutputTokens: number;
  /** How many error-free attempts a (provider, model) with no data is assumed to have had. */
  failurePriorWeight: number;
  /** Never put more attempts than this in a plan. */
  maxAttempts: number;
}

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  defaultPolicy: 'balanced',
  latencyToleranceRatio: 0.5,
  latencyToleranceMs: 50,
  priceExponent: 2,
  minimumSamples: 3,
  explorationEpsilon: 0.02,
  defaultOutputTokens: 500,
  failurePriorWeight: 2,
  maxAttempts: 8,
};
