const HOUR_MS = 3_600_000;

/**
 * The wait before retry number `attemptsMade` (1 after the first failure): base x 2^(n-1), capped
 * at one hour. With the default 60 s base, 8 attempts wait 1, 2, 4, 8, 16, 32 and 60 minutes.
 */
export function alertRetryDelay(attemptsMade: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(attemptsMade - 1, 0), HOUR_MS);
}
