import { hashApiKey, parseApiKey } from './api-key-format';
import type { ApiKeySummary } from './api-key-summary';
import { FailedAttemptLimiter } from './failed-attempt-limiter';
import { LruCache } from './lru-cache';

/** Why a key was refused. For logs and metrics only: the gateway answers every one with the same 401. */
export type AuthenticationFailure =
  | 'missing'
  | 'malformed'
  | 'bad_checksum'
  | 'unknown'
  | 'revoked'
  | 'expired'
  /** The client failed too often lately and this key failed too (or could not be looked up now). */
  | 'too_many_failures';

export type AuthenticationResult =
  | { ok: true; key: ApiKeySummary }
  | {
      ok: false;
      reason: AuthenticationFailure;
      /** With `too_many_failures`: when the client's failure window ends. */
      retryAfterMs?: number;
    };

/** Where keys are read on a cache miss: ApiKeyStore in production. */
export interface ApiKeyLookup {
  findByHash(hash: string): Promise<ApiKeySummary | undefined>;
}

export interface ApiKeyAuthenticatorOptions {
  /** Keys kept in memory; default 10,000. */
  cacheSize?: number;
  /**
   * How long a cached key is trusted without hearing from the change bus; default 60 s. Edits and
   * revocations arrive through `invalidate` within a second; this bounds staleness if one is lost.
   */
  cacheLifetimeMs?: number;
  /** Unknown hashes remembered; default 10,000. */
  negativeCacheSize?: number;
  /** How long an unknown hash is answered without a lookup; default 10 s. */
  negativeLifetimeMs?: number;
  /** Failed attempts per client (IPv4 address or IPv6 /64) per window before lookups stop; default 20. */
  failuresPerClient?: number;
  /** The failure window; default one minute. */
  failureWindowMs?: number;
  /**
   * Lookups in flight at once, on this instance, for clients over their failure limit; default 4.
   * Bounds what a flood of well-formed unknown keys costs the database while valid keys from the
   * same address (a load balancer's, a NAT's) are still looked up and accepted.
   */
  throttledLookups?: number;
}

/**
 * Turns a presented API key into its settings, touching the database as little as possible:
 * shape and checksum first (no I/O), then an in-process LRU of known keys, then a short-lived
 * negative cache of unknown hashes, then one lookup shared by concurrent requests for the same
 * key. Expiry is judged on every call, so an expired key stops at once even when cached.
 */
export class ApiKeyAuthenticator {
  readonly #lookup: ApiKeyLookup;
  readonly #cacheLifetimeMs: number;
  readonly #negativeLifetimeMs: number;
  readonly #known: LruCache<string, ApiKeySummary>;
  readonly #unknown: LruCache<string, true>;
  readonly #failures: FailedAttemptLimiter;
  readonly #maximumThrottledLookups: number;
  #throttledLookups = 0;
  readonly #inFlight = new Map<string, Promise<ApiKeySummary | undefined>>();
  // Bumped by every invalidation, so a lookup that started before a change does not cache what it read.
  #generation = 0;

  constructor(lookup: ApiKeyLookup, options: ApiKeyAuthenticatorOptions = {}) {
    this.#lookup = lookup;
    this.#cacheLifetimeMs = options.cacheLifetimeMs ?? 60_000;
    this.#negativeLifetimeMs = options.negativeLifetimeMs ?? 10_000;
    this.#known = new LruCache(options.cacheSize ?? 10_000);
    this.#unknown = new LruCache(options.negativeCacheSize ?? 10_000);
    this.#failures = new FailedAttemptLimiter({
      maximumFailures: options.failuresPerClient ?? 20,
      windowMs: options.failureWindowMs ?? 60_000,
    });
    this.#maximumThrottledLookups = options.throttledLookups ?? 4;
  }

  /**
   * Authenticates `presentedKey` (the bearer token, without `Bearer `) from `clientIp` at `nowMs`.
   * Rejects only when the lookup itself fails (database down), which is not the client's fault.
   */
  async authenticate(presentedKey: string | null | undefined, clientIp: string, nowMs: number): Promise<AuthenticationResult> {
    if (presentedKey === undefined || presentedKey === null || presentedKey === '') return this.#fail('missing', clientIp, nowMs);
    const parsed = parseApiKey(presentedKey);
    if (!parsed.ok) return this.#fail(parsed.reason, clientIp, nowMs);
    const hash = hashApiKey(parsed.key);

    const cached = this.#known.get(hash, nowMs);
    if (cached !== undefined) return this.#judge(cached, clientIp, nowMs);
    if (this.#unknown.get(hash, nowMs) !== undefined) return this.#fail('unknown', clientIp, nowMs);
    // A client over its failure limit may be one user behind a load balancer or NAT shared with a
    // misbehaving one: its keys are still looked up (a valid one is found and accepted), but only
    // a few such lookups run at once, and each of its failures answers too_many_failures (429).
    const throttled = this.#failures.isBlocked(clientIp, nowMs);
    if (throttled && this.#throttledLookups >= this.#maximumThrottledLookups) return this.#fail('unknown', clientIp, nowMs);

    const generation = this.#generation;
    let key: ApiKeySummary | undefined;
    if (throttled) this.#throttledLookups++;
    try {
      key = await this.#find(hash);
    } finally {
      if (throttled) this.#throttledLookups--;
    }
    if (generation === this.#generation) {
      if (key === undefined) this.#unknown.set(hash, true, nowMs + this.#negativeLifetimeMs);
      else this.#known.set(hash, key, nowMs + this.#cacheLifetimeMs);
    }
    return key === undefined ? this.#fail('unknown', clientIp, nowMs) : this.#judge(key, clientIp, nowMs);
  }

  /** Forgets one key (after an edit or revocation) or everything; wired to the change bus. */
  invalidate(keyId: string | 'all'): void {
    this.#generation++;
    this.#inFlight.clear();
    if (keyId === 'all') {
      this.#known.clear();
      this.#unknown.clear();
    } else {
      this.#known.deleteWhere((key) => key.id === keyId);
    }
  }

  /** One lookup per hash at a time: a burst on a cold cache costs one query, not one per request. */
  #find(hash: string): Promise<ApiKeySummary | undefined> {
    const pending = this.#inFlight.get(hash);
    if (pending !== undefined) return pending;
    const lookup = this.#lookup.findByHash(hash).finally(() => {
      if (this.#inFlight.get(hash) === lookup) this.#inFlight.delete(hash);
    });
    this.#inFlight.set(hash, lookup);
    return lookup;
  }

  #judge(key: ApiKeySummary, clientIp: string, nowMs: number): AuthenticationResult {
    if (key.revokedAt !== null) return this.#fail('revoked', clientIp, nowMs);
    if (key.expiresAt !== null && key.expiresAt.getTime() <= nowMs) return this.#fail('expired', clientIp, nowMs);
    return { ok: true, key };
  }

  /**
   * Counts the failure against the client; past its limit every failure, whatever its reason,
   * answers too_many_failures, so the throttled answer tells nothing about the key presented.
   */
  #fail(reason: AuthenticationFailure, clientIp: string, nowMs: number): AuthenticationResult {
    this.#failures.recordFailure(clientIp, nowMs);
    if (!this.#failures.isBlocked(clientIp, nowMs)) return { ok: false, reason };
    return { ok: false, reason: 'too_many_failures', retryAfterMs: this.#failures.retryAfterMs(clientIp, nowMs) };
  }
}
