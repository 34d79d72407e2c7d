import { randomBase62 } from '@switchboard/protocol';
import { decodeAdmissionId, encodeAdmissionId } from './admission-id';
import {
  buildRateLimitDecision,
  checkRateLimitRequest,
  concurrencyRetryAfterMs,
  type RateLimitOutcome,
} from './build-rate-limit-decision';
import { type GcraState, gcraTake } from './gcra';
import {
  defaultLeaseMs,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitRequest,
  rateLimitWindowMs,
} from './rate-limiter';
import { type TokenWindowState, tokenBucketOf, tokenWindowAdjust, tokenWindowTake } from './token-window';

interface KeyState {
  requests?: GcraState;
  tokens?: TokenWindowState;
  /** Lease id to its expiry. */
  leases: Map<string, number>;
}

/**
 * The limiter for one process: the embedded default, and the fallback while Redis is away. Same
 * algorithm and answers as the Redis one; a JavaScript turn is atomic, so no locking is needed.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #leaseMs: number;
  // One entry per API key that was ever limited: bounded by the keys admins create.
  readonly #keys = new Map<string, KeyState>();

  constructor(options: RateLimiterOptions = {}) {
    this.#leaseMs = options.leaseMs ?? defaultLeaseMs;
  }

  async admit(request: RateLimitRequest): Promise<RateLimitDecision> {
    const tokens = checkRateLimitRequest(request);
    const { rpmLimit, tpmLimit, concurrencyLimit, nowMs } = request;
    const state: KeyState = this.#keys.get(request.keyId) ?? { leases: new Map() };
    // Every lease lives the same time and a Map keeps insertion order, so the expired ones are at
    // the front: stop at the first live one rather than scanning every running request each time.
    for (const [lease, expiresAtMs] of state.leases) {
      if (expiresAtMs > nowMs) break;
      state.leases.delete(lease);
    }

    const requests = rpmLimit === null ? undefined : gcraTake(state.requests, rpmLimit, 1, nowMs, rateLimitWindowMs);
    const concurrencyFull = concurrencyLimit !== null && state.leases.size >= concurrencyLimit;
    // The token window changes in place: it is charged only when every other limit has room too.
    if (tpmLimit !== null) state.tokens ??= { total: 0, buckets: new Map() };
    const fitsOthers = (requests?.allowed ?? true) && !concurrencyFull;
    const tokenBucket = tpmLimit === null ? undefined : tokenWindowTake(state.tokens!, tpmLimit, tokens, nowMs, fitsOthers);
    const outcome: RateLimitOutcome = {
      allowed: (requests?.allowed ?? true) && (tokenBucket?.allowed ?? true) && !concurrencyFull,
      retryAfterMs: Math.max(
        requests?.retryAfterMs ?? 0,
        tokenBucket?.retryAfterMs ?? 0,
        concurrencyFull ? concurrencyRetryAfterMs : 0,
      ),
      remainingRequests: requests?.remaining ?? 0,
      resetRequestsMs: requests?.resetMs ?? 0,
      remainingTokens: tokenBucket?.remaining ?? 0,
      resetTokensMs: tokenBucket?.resetMs ?? 0,
    };
    if (!outcome.allowed) {
      outcome.limitedBy = requests?.allowed === false ? 'requests' : tokenBucket?.allowed === false ? 'tokens' : 'concurrency';
      return buildRateLimitDecision(request, outcome, '');
    }

    // Only token and concurrency limits need release(); a lease also makes a second release a no-op.
    const leaseId = tpmLimit !== null || concurrencyLimit !== null ? randomBase62(16) : null;
    if (requests) state.requests = requests.state;
    if (leaseId !== null) state.leases.set(leaseId, nowMs + this.#leaseMs);
    this.#keys.set(request.keyId, state);
    const chargedTokens = tpmLimit === null ? 0 : tokens;
    const tokenBucketIndex = tpmLimit === null ? 0 : tokenBucketOf(nowMs);
    return buildRateLimitDecision(
      request,
      outcome,
      encodeAdmissionId({ keyId: request.keyId, leaseId, chargedTokens, tokenBucket: tokenBucketIndex }),
    );
  }

  async release(admissionId: string, actualTokens: number, nowMs: number = Date.now()): Promise<void> {
    const admission = decodeAdmissionId(admissionId);
    if (admission?.leaseId == null) return;
    const state = this.#keys.get(admission.keyId);
    if (state === undefined || !state.leases.delete(admission.leaseId)) return;
    const correction = Math.ceil(Math.max(0, actualTokens)) - admission.chargedTokens;
    if (state.tokens !== undefined && correction !== 0) tokenWindowAdjust(state.tokens, admission.tokenBucket, correction, nowMs);
  }
}
