/** One request asking to be admitted under its key's limits. Null limits are not enforced. */
export interface RateLimitRequest {
  keyId: string;
  rpmLimit: number | null;
  tpmLimit: number | null;
  concurrencyLimit: number | null;
  /** Tokens the request may use (prompt estimate + max output); charged now, corrected by release(). */
  estimatedTokens: number;
  nowMs: number;
  /**
   * The key's team, when it has limits: admitted in the same atomic step (one script in Redis),
   * every limit of both with room or nothing charged. Its ids never collide with keys' (`team_`).
   */
  team?: { teamId: string; rpmLimit: number | null; tpmLimit: number | null; concurrencyLimit: number | null };
}

export type RateLimitDimension = 'requests' | 'tokens' | 'concurrency';

/**
 * What OpenAI's x-ratelimit-* headers report, per minute. Null when that limit is not set (the
 * header is then left out). Resets are milliseconds until the bucket is full again.
 */
export interface RateLimitHeaders {
  limitRequests: number | null;
  remainingRequests: number | null;
  resetRequests: number | null;
  limitTokens: number | null;
  remainingTokens: number | null;
  resetTokens: number | null;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: which limit; with several, the first of requests, tokens, concurrency. */
  limitedBy?: RateLimitDimension;
  /** When refused: whose limit, the key's or its team's (the headers are then the team's). */
  limitedScope?: 'key' | 'team';
  /** When refused: whole seconds until a retry can succeed (at least 1), for Retry-After. */
  retryAfterSeconds?: number;
  headers: RateLimitHeaders;
  /** When allowed: hand to release() when the request ends, whatever its outcome. */
  admissionId?: string;
  /**
   * Set when the shared limiter was unreachable: the decision came from this instance's own
   * limiter, or (refused without `limitedBy`) failing closed, which the gateway answers with 503.
   */
  degraded?: boolean;
}

/**
 * Requests, tokens and concurrent requests per key per minute. admit() is atomic: either every
 * limit has room and all are charged, or nothing is.
 */
export interface RateLimiter {
  admit(request: RateLimitRequest): Promise<RateLimitDecision>;
  /**
   * Ends an admitted request: frees its concurrency slot and replaces the estimated tokens with
   * `actualTokens`. Releasing twice changes nothing the second time.
   */
  release(admissionId: string, actualTokens: number, nowMs?: number): Promise<void>;
}

/** The limiters' shared knobs. */
export interface RateLimiterOptions {
  /**
   * How long a concurrency slot is held if release() never comes (a crashed instance); default
   * 15 minutes. Set it above the longest request the gateway allows (its total timeout).
   */
  leaseMs?: number;
}

export const rateLimitWindowMs = 60_000;
export const defaultLeaseMs = 15 * 60_000;
