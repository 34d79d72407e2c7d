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
    const leaseId = tpmLimit !== null || concurrencyLimit !== null ? randomBase62(16) : null;
    if (rpmLimit === null && leaseId === null) {
      // Nothing to enforce: no round trip.
      return buildRateLimitDecision(request, unlimited, encodeAdmissionId({ keyId, leaseId, chargedTokens: 0, tokenBucket: 0 }));
    }
    const reply = await admit.run(this.#redis, this.#keys(keyId), [
      nowMs,
      rateLimitWindowMs,
      rpmLimit ?? 0,
      tpmLimit ?? 0,
      concurrencyLimit ?? 0,
      tokens,
      leaseId ?? '',
      nowMs + this.#leaseMs,
      this.#leaseMs,
    ]);
    const [allowed, limitedBy, retryAfterMs, remainingRequests, resetRequestsMs, remainingTokens, resetTokensMs] = integers(
      reply,
      7,
    );
    const outcome: RateLimitOutcome = {
      allowed: allowed === 1,
      limitedBy: dimensions[limitedBy!],
      retryAfterMs: retryAfterMs!,
      remainingRequests: remainingRequests!,
      resetRequestsMs: resetRequestsMs!,
      remainingTokens: remainingTokens!,
      resetTokensMs: resetTokensMs!,
    };
    const chargedTokens = tpmLimit === null ? 0 : tokens;
    const tokenBucket = tpmLimit === null ? 0 : tokenBucketOf(nowMs);
    return buildRateLimitDecision(request, outcome, encodeAdmissionId({ keyId, leaseId, chargedTokens, tokenBucket }));
  }

  async release(admissionId: string, actualTokens: number, nowMs: number = Date.now()): Promise<void> {
    const admission = decodeAdmissionId(admissionId);
    if (admission?.leaseId == null) return;
    const correction = Math.ceil(Math.max(0, actualTokens)) - admission.chargedTokens;
    await release.run(this.#redis, this.#keys(admission.keyId), [admission.leaseId, nowMs, correction, admission.tokenBucket]);
  }

  #keys(keyId: string): string[] {
    const base = `${this.#prefix}ratelimit:{${keyId}}`;
    return [base, `${base}:leases`, `${base}:tokens`];
  }
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
