import { FailedAttemptLimiter } from '@switchboard/access';
import { AdminError, unauthenticated } from './admin-error';

export interface AdminFailedAttemptsOptions {
  /** Failed admin token checks per client (IPv4 address or IPv6 /64) per window; default 20. */
  failuresPerClient?: number;
  /** The window; default one minute. */
  windowMs?: number;
  /** Checks in flight at once for clients over their limit, on this instance; default 2. */
  throttledChecks?: number;
}

/**
 * The gateway keys' failed-attempt limiter in front of every admin token check (POST
 * /admin/session, Bearer tokens and session cookies). Counted per client address on this
 * instance. A client over its limit gets 429 for every failure; a token that verifies is still
 * accepted from the same address (a load balancer's, a NAT's), but only a few such checks run at
 * once, so a flood of guesses costs the database a bounded trickle instead of one query each.
 */
export class AdminFailedAttempts {
  readonly #limiter: FailedAttemptLimiter;
  readonly #maximumThrottledChecks: number;
  #throttledChecks = 0;

  constructor(options: AdminFailedAttemptsOptions = {}) {
    this.#limiter = new FailedAttemptLimiter({
      maximumFailures: options.failuresPerClient ?? 20,
      windowMs: options.windowMs ?? 60_000,
    });
    this.#maximumThrottledChecks = options.throttledChecks ?? 2;
  }

  /**
   * `verify(presented)` guarded by the limiter: its result when it verifies, else a 401, or a 429
   * with `retry-after` once `clientAddress` is over its limit. `onLock` runs once, on the failure
   * that locks the client (the audit entry); its own failure does not change the answer.
   */
  async check<Token>(
    presented: string,
    clientAddress: string,
    verify: (presented: string) => Promise<Token | undefined>,
    onLock: (retryAfterSeconds: number) => Promise<void>,
  ): Promise<Token> {
    const blocked = this.#limiter.isBlocked(clientAddress, Date.now());
    let token: Token | undefined;
    if (!blocked || this.#throttledChecks < this.#maximumThrottledChecks) {
      if (blocked) this.#throttledChecks++;
      try {
        token = await verify(presented);
      } finally {
        if (blocked) this.#throttledChecks--;
      }
    }
    if (token !== undefined) return token;
    const now = Date.now();
    const locked = this.#limiter.recordFailure(clientAddress, now);
    if (!this.#limiter.isBlocked(clientAddress, now)) throw unauthenticated();
    const retryAfter = Math.max(1, Math.ceil(this.#limiter.retryAfterMs(clientAddress, now) / 1000));
    if (locked) await onLock(retryAfter).catch(() => undefined);
    throw new AdminError(
      429,
      'too_many_failed_attempts',
      `Too many failed admin sign-ins from this address; try again in ${retryAfter} s.`,
      retryAfter,
    );
  }
}
