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
import {
  type TokenWindowState,
  tokenBucketMs,
  tokenBucketOf,
  tokenWindowAdjust,
  tokenWindowSpan,
  tokenWindowTake,
} from './token-window';

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
    const { nowMs } = request;
    const team =
      request.team && (request.team.rpmLimit !== null || request.team.tpmLimit !== null || request.team.concurrencyLimit !== null)
        ? request.team
        : undefined;
    if (team) checkRateLimitRequest({ ...team, keyId: team.teamId, estimatedTokens: tokens, nowMs });
    // The same order as the Redis script: the key, then its team; both must have room, or neither is charged.
    const subjects: Subject[] = [{ id: request.keyId, limits: request }];
    if (team) subjects.push({ id: team.teamId, limits: team });
    const evaluations = subjects.map((subject) => this.#evaluate(subject, tokens, nowMs));
    const refusedIndex = evaluations.findIndex((evaluation) => !evaluation.outcome.allowed);
    if (refusedIndex >= 0) {
      const byTeam = refusedIndex === 1;
      const decision = buildRateLimitDecision(
        byTeam ? { ...request, rpmLimit: team!.rpmLimit, tpmLimit: team!.tpmLimit } : request,
        evaluations[refusedIndex]!.outcome,
        '',
      );
      decision.limitedScope = byTeam ? 'team' : 'key';
      return decision;
    }

    // Only token and concurrency limits need release(); a lease also makes a second release a no-op.
    const needsLease = subjects.some((subject) => subject.limits.tpmLimit !== null || subject.limits.concurrencyLimit !== null);
    const leaseId = needsLease ? randomBase62(16) : null;
    for (const [index, subject] of subjects.entries()) {
      const { state, requests } = evaluations[index]!;
      if (requests) state.requests = requests.state;
      if (subject.limits.tpmLimit !== null) tokenWindowTake(state.tokens!, subject.limits.tpmLimit, tokens, nowMs, true);
      if (leaseId !== null) state.leases.set(leaseId, nowMs + this.#leaseMs);
      this.#keys.set(subject.id, state);
    }
    const chargedTokens = request.tpmLimit === null ? 0 : tokens;
    const tokenBucketIndex = request.tpmLimit === null && !team?.tpmLimit ? 0 : tokenBucketOf(nowMs);
    return buildRateLimitDecision(
      request,
      evaluations[0]!.outcome,
      encodeAdmissionId({
        keyId: request.keyId,
        leaseId,
        chargedTokens,
        tokenBucket: tokenBucketIndex,
        team: team ? { teamId: team.teamId, chargedTokens: team.tpmLimit === null ? 0 : tokens } : undefined,
      }),
    );
  }

  /** One subject's answer, charging nothing (the token window is only read). */
  #evaluate(subject: Subject, tokens: number, nowMs: number) {
    const { rpmLimit, tpmLimit, concurrencyLimit } = subject.limits;
    const state: KeyState = this.#keys.get(subject.id) ?? { leases: new Map() };
    // Every lease lives the same time and a Map keeps insertion order, so the expired ones are at
    // the front: stop at the first live one rather than scanning every running request each time.
    for (const [lease, expiresAtMs] of state.leases) {
      if (expiresAtMs > nowMs) break;
      state.leases.delete(lease);
    }
    const requests = rpmLimit === null ? undefined : gcraTake(state.requests, rpmLimit, 1, nowMs, rateLimitWindowMs);
    const concurrencyFull = concurrencyLimit !== null && state.leases.size >= concurrencyLimit;
    if (tpmLimit !== null) state.tokens ??= { total: 0, buckets: new Map() };
    const tokenBucket = tpmLimit === null ? undefined : tokenWindowTake(state.tokens!, tpmLimit, tokens, nowMs, false);
    const allowed = (requests?.allowed ?? true) && (tokenBucket?.allowed ?? true) && !concurrencyFull;
    const outcome: RateLimitOutcome = {
      allowed,
      retryAfterMs: Math.max(
        requests?.retryAfterMs ?? 0,
        tokenBucket?.retryAfterMs ?? 0,
        concurrencyFull ? concurrencyRetryAfterMs : 0,
      ),
      remainingRequests: requests?.remaining ?? 0,
      resetRequestsMs: requests?.resetMs ?? 0,
      // Reported as if charged (as the Redis script does), when everything has room.
      remainingTokens: tokenBucket ? (allowed ? Math.max(0, tokenBucket.remaining - tokens) : tokenBucket.remaining) : 0,
      // Charged now, the newest bucket becomes this one (as tokenWindowTake would report it).
      resetTokensMs:
        allowed && tokenBucket && tokens > 0
          ? (tokenBucketOf(nowMs) + tokenWindowSpan + 1) * tokenBucketMs - nowMs
          : (tokenBucket?.resetMs ?? 0),
    };
    if (!outcome.allowed) {
      outcome.limitedBy = requests?.allowed === false ? 'requests' : tokenBucket?.allowed === false ? 'tokens' : 'concurrency';
    }
    return { state, requests, outcome };
  }

  async release(admissionId: string, actualTokens: number, nowMs: number = Date.now()): Promise<void> {
    const admission = decodeAdmissionId(admissionId);
    if (admission?.leaseId == null) return;
    const subjects = [{ id: admission.keyId, charged: admission.chargedTokens }];
    if (admission.team) subjects.push({ id: admission.team.teamId, charged: admission.team.chargedTokens });
    for (const subject of subjects) {
      const state = this.#keys.get(subject.id);
      if (state === undefined || !state.leases.delete(admission.leaseId)) continue;
      const correction = Math.ceil(Math.max(0, actualTokens)) - subject.charged;
      if (state.tokens !== undefined && correction !== 0)
        tokenWindowAdjust(state.tokens, admission.tokenBucket, correction, nowMs);
    }
  }
}

interface Subject {
  id: string;
  limits: Pick<RateLimitRequest, 'rpmLimit' | 'tpmLimit' | 'concurrencyLimit'>;
}
