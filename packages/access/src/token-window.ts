/**
 * Tokens per minute as a sliding window of 100 ms buckets: a request's tokens are charged to the
 * bucket of its admission and count for the next 60.0 to 60.1 s, then drop out whole. So any 60 s
 * stretch admits at most the limit (plus one request larger than the whole limit, admitted alone),
 * and a key is never held back longer than the window plus one bucket.
 *
 * Why not the token bucket (GCRA) that RPM uses: a full bucket plus a minute's refill let twice the
 * limit through in the first minute, and usage above the estimate became debt that locked a key out
 * for minutes. Here, settlement moves a request's count to its actual tokens in its own bucket
 * (while it still counts), so overage is forgotten with the window.
 *
 * The Redis limiter runs the same arithmetic in Lua (rate-limiter-lua.ts); the shared contract
 * suite holds both to the same answers.
 */
export const tokenBucketMs = 100;
/** A bucket counts while `nowBucket - bucket <= tokenWindowSpan`: 601 buckets, so at least 60 s. */
export const tokenWindowSpan = 600;

export interface TokenWindowState {
  total: number;
  /** Bucket index -> tokens, in increasing index order (charges only ever go to the current bucket). */
  buckets: Map<number, number>;
}

export interface TokenWindowOutcome {
  allowed: boolean;
  remaining: number;
  resetMs: number;
  retryAfterMs: number;
}

export function tokenBucketOf(nowMs: number): number {
  return Math.floor(nowMs / tokenBucketMs);
}

function expire(state: TokenWindowState, nowMs: number): void {
  const firstLive = tokenBucketOf(nowMs) - tokenWindowSpan;
  for (const [bucket, tokens] of state.buckets) {
    if (bucket >= firstLive) break;
    state.total -= tokens;
    state.buckets.delete(bucket);
  }
}

function resetMsOf(state: TokenWindowState, nowMs: number): number {
  if (state.total <= 0) return 0;
  let newest = 0;
  for (const bucket of state.buckets.keys()) newest = bucket;
  return (newest + tokenWindowSpan + 1) * tokenBucketMs - nowMs;
}

/**
 * Whether `cost` tokens fit beside what the last minute took (or nothing is counted at all), and
 * when `commit`, charges them. Callers that must check other limits first pass `commit: false`.
 */
export function tokenWindowTake(
  state: TokenWindowState,
  limit: number,
  cost: number,
  nowMs: number,
  commit = true,
): TokenWindowOutcome {
  expire(state, nowMs);
  const allowed = state.total === 0 || state.total + cost <= limit;
  if (allowed) {
    if (cost > 0 && commit) {
      const bucket = tokenBucketOf(nowMs);
      state.buckets.set(bucket, (state.buckets.get(bucket) ?? 0) + cost);
      state.total += cost;
    }
    // Not committed: the window as it stands (the other limits refused the request).
    return { allowed, remaining: Math.max(0, limit - state.total), resetMs: resetMsOf(state, nowMs), retryAfterMs: 0 };
  }
  let freed = 0;
  let retryAfterMs = 0;
  for (const [bucket, tokens] of state.buckets) {
    freed += tokens;
    if (state.total - freed <= 0 || state.total - freed + cost <= limit) {
      retryAfterMs = (bucket + tokenWindowSpan + 1) * tokenBucketMs - nowMs;
      break;
    }
  }
  return { allowed, remaining: Math.max(0, limit - state.total), resetMs: resetMsOf(state, nowMs), retryAfterMs };
}

/**
 * Corrects the tokens charged to `bucket` by `correction` (actual - charged) at settlement. When
 * the bucket no longer counts (a request longer than the window), extra tokens are charged now.
 */
export function tokenWindowAdjust(state: TokenWindowState, bucket: number, correction: number, nowMs: number): void {
  expire(state, nowMs);
  const current = state.buckets.get(bucket);
  if (current !== undefined) {
    const next = Math.max(0, current + correction);
    state.buckets.set(bucket, next);
    state.total += next - current;
    return;
  }
  if (correction <= 0) return;
  const now = tokenBucketOf(nowMs);
  state.buckets.set(now, (state.buckets.get(now) ?? 0) + correction);
  state.total += correction;
}
