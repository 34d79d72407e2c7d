import { randomBase62 } from '@switchboard/protocol';
import { decodeAdmissionId, encodeAdmissionId } from './admission-id';
import { buildRateLimitDecision, checkRateLimitRequest, type RateLimitOutcome } from './build-rate-limit-decision';
import { LuaScript, type ScriptClient } from './lua-script';
import {
  defaultLeaseMs,
  type RateLimitDecision,
  type RateLimitDimension,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitRequest,
  rateLimitWindowMs,
} from './rate-limiter';
import { admitScript, releaseScript } from './rate-limiter-lua';
import { tokenBucketOf } from './token-window';

export interface RedisRateLimiterOptions extends RateLimiterOptions {
  /** Prepended to every Redis key; default `switchboard:`. */
  prefix?: string;
}

const admit = new LuaScript(admitScript);
const release = new LuaScript(releaseScript);
const dimensions: (RateLimitDimension | undefined)[] = [undefined, 'requests', 'tokens', 'concurrency'];

/**
 * Limits shared by every gateway instance: one EVALSHA per admission (see rate-limiter-lua.ts).
 * Both keys of a gateway key carry it as a hash tag (`{key_…}`), so they live in one Redis
 * Cluster slot as a script requires.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: ScriptClient;
  readonly #prefix: string;
  readonly #leaseMs: number;

  constructor(redis: ScriptClient, options: RedisRateLimiterOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'switchboard:';
    this.#leaseMs = options.leaseMs ?? defaultLeaseMs;
  }

  async admit(request: RateLimitRequest): Promise<RateLimitDecision> {
    const tokens = checkRateLimitRequest(request);
    const { keyId, rpmLimit, tpmLimit, concurrencyLimit, nowMs } = request;
    const team = request.team && hasLimits(request.team) ? request.team : undefined;
    if (team) checkRateLimitRequest({ ...team, keyId: team.teamId, estimatedTokens: tokens, nowMs });
    const needsLease = tpmLimit !== null || concurrencyLimit !== null || team?.tpmLimit != null || team?.concurrencyLimit != null;
    const leaseId = needsLease ? randomBase62(16) : null;
    const chargedTokens = tpmLimit === null ? 0 : tokens;
    const teamCharged = team ? { teamId: team.teamId, chargedTokens: team.tpmLimit === null ? 0 : tokens } : undefined;
    const tokenBucket = tpmLimit === null && !team?.tpmLimit ? 0 : tokenBucketOf(nowMs);
    if (rpmLimit === null && leaseId === null && team === undefined) {
      // Nothing to enforce: no round trip.
      return buildRateLimitDecision(request, unlimited, encodeAdmissionId({ keyId, leaseId, chargedTokens: 0, tokenBucket: 0 }));
    }
    const keys = this.#keys(keyId);
    const limits: number[] = [rpmLimit ?? 0, tpmLimit ?? 0, concurrencyLimit ?? 0];
    if (team) {
      // Two hash tags in one script: one Redis (or a primary with replicas), not Redis Cluster.
      keys.push(...this.#keys(team.teamId));
      limits.push(team.rpmLimit ?? 0, team.tpmLimit ?? 0, team.concurrencyLimit ?? 0);
    }
    const reply = await admit.run(this.#redis, keys, [
      nowMs,
      rateLimitWindowMs,
      tokens,
      leaseId ?? '',
      nowMs + this.#leaseMs,
      this.#leaseMs,
      ...limits,
    ]);
    const [allowed, limitedBy, retryAfterMs, remainingRequests, resetRequestsMs, remainingTokens, resetTokensMs, refusedBy] =
      integers(reply, 8);
    const outcome: RateLimitOutcome = {
      allowed: allowed === 1,
      limitedBy: dimensions[limitedBy!],
      retryAfterMs: retryAfterMs!,
      remainingRequests: remainingRequests!,
      resetRequestsMs: resetRequestsMs!,
      remainingTokens: remainingTokens!,
      resetTokensMs: resetTokensMs!,
    };
    const byTeam = refusedBy === 2 && team !== undefined;
    const decision = buildRateLimitDecision(
      byTeam ? { ...request, rpmLimit: team.rpmLimit, tpmLimit: team.tpmLimit } : request,
      outcome,
      encodeAdmissionId({ keyId, leaseId, chargedTokens, tokenBucket, team: teamCharged }),
    );
    if (!decision.allowed) decision.limitedScope = byTeam ? 'team' : 'key';
    return decision;
  }

  async release(admissionId: string, actualTokens: number, nowMs: number = Date.now()): Promise<void> {
    const admission = decodeAdmissionId(admissionId);
    if (admission?.leaseId == null) return;
    const actual = Math.ceil(Math.max(0, actualTokens));
    const keys = this.#keys(admission.keyId);
    const corrections = [actual - admission.chargedTokens];
    if (admission.team) {
      keys.push(...this.#keys(admission.team.teamId));
      corrections.push(actual - admission.team.chargedTokens);
    }
    await release.run(this.#redis, keys, [admission.leaseId, nowMs, admission.tokenBucket, ...corrections]);
  }

  #keys(keyId: string): string[] {
    const base = `${this.#prefix}ratelimit:{${keyId}}`;
    return [base, `${base}:leases`, `${base}:tokens`];
  }
}

function hasLimits(limits: { rpmLimit: number | null; tpmLimit: number | null; concurrencyLimit: number | null }): boolean {
  return limits.rpmLimit !== null || limits.tpmLimit !== null || limits.concurrencyLimit !== null;
}

const unlimited: RateLimitOutcome = {
  allowed: true,
  retryAfterMs: 0,
  remainingRequests: 0,
  resetRequestsMs: 0,
  remainingTokens: 0,
  resetTokensMs: 0,
};

function integers(reply: unknown, count: number): number[] {
  if (!Array.isArray(reply) || reply.length !== count || !reply.every((value) => Number.isInteger(value))) {
    throw new Error('rate limiter script returned an unexpected reply');
  }
  return reply as number[];
}
