import { MemoryRateLimiter } from './memory-rate-limiter';
import type { RateLimitDecision, RateLimiter, RateLimitRequest } from './rate-limiter';

export interface ResilientRateLimiterOptions {
  /**
   * While the shared limiter is unreachable: true (the default) admits by this instance's own
   * limiter, so each instance enforces the full limit on its own (N instances let up to N times
   * through) and requests keep flowing; false refuses every request until it is back.
   */
  failOpen?: boolean;
  /** How long a call to the shared limiter may take before it counts as a failure; default 250 ms. */
  timeoutMs?: number;
  /** How long to stay on the local limiter before trying the shared one again; default 1 s. */
  probeIntervalMs?: number;
  /** Called once when the shared limiter fails (not per request): log it and set a metric. */
  onDegraded?: (error: unknown) => void;
  /** Called once when the shared limiter answers again. */
  onRecovered?: () => void;
}

const sharedTag = 'shared:';
const localTag = 'local:';

/**
 * The Redis limiter with a local fallback. A failure (error or timeout) switches to the local
 * limiter for a probe interval rather than paying a timeout on every request, then the next
 * request tries Redis again. Admission ids remember which limiter admitted, so each release goes
 * back to the right one. Releases never reject: a lost release only holds a slot until its lease
 * expires.
 */
export class ResilientRateLimiter implements RateLimiter {
  readonly #shared: RateLimiter;
  readonly #local: RateLimiter;
  readonly #failOpen: boolean;
  readonly #timeoutMs: number;
  readonly #probeIntervalMs: number;
  readonly #onDegraded: (error: unknown) => void;
  readonly #onRecovered: () => void;
  #degraded = false;
  #nextProbeAtMs = 0;

  constructor(shared: RateLimiter, local: RateLimiter = new MemoryRateLimiter(), options: ResilientRateLimiterOptions = {}) {
    this.#shared = shared;
    this.#local = local;
    this.#failOpen = options.failOpen ?? true;
    this.#timeoutMs = options.timeoutMs ?? 250;
    this.#probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.#onDegraded = options.onDegraded ?? (() => {});
    this.#onRecovered = options.onRecovered ?? (() => {});
  }

  /** Whether decisions are currently made without the shared limiter (for a gauge). */
  get degraded(): boolean {
    return this.#degraded;
  }

  async admit(request: RateLimitRequest): Promise<RateLimitDecision> {
    if (!this.#degraded || request.nowMs >= this.#nextProbeAtMs) {
      const pending = this.#shared.admit(request);
      try {
        const decision = await this.#withTimeout(pending);
        this.#recovered();
        return tagged(decision, sharedTag);
      } catch (error) {
        // Bad input is the caller's bug, not an outage.
        if (error instanceof RangeError) throw error;
        this.#releaseLateAdmission(pending);
        this.#failed(error, request.nowMs);
      }
    }
    if (!this.#failOpen) {
      return { allowed: false, retryAfterSeconds: 1, degraded: true, headers: unknownHeaders };
    }
    return { ...tagged(await this.#local.admit(request), localTag), degraded: true };
  }

  async release(admissionId: string, actualTokens: number, nowMs: number = Date.now()): Promise<void> {
    if (admissionId.startsWith(localTag)) {
      await this.#local.release(admissionId.slice(localTag.length), actualTokens, nowMs);
      return;
    }
    if (!admissionId.startsWith(sharedTag)) return;
    try {
      await this.#withTimeout(this.#shared.release(admissionId.slice(sharedTag.length), actualTokens, nowMs));
    } catch (error) {
      this.#failed(error, nowMs);
    }
  }

  /**
   * A timed-out admission may still be granted by the shared store, holding a concurrency lease
   * no release would ever end (this request runs under the local limiter instead): give it back.
   */
  #releaseLateAdmission(pending: Promise<RateLimitDecision>): void {
    pending
      .then((late) => (late.admissionId === undefined ? undefined : this.#shared.release(late.admissionId, 0)))
      .catch(() => undefined);
  }

  #failed(error: unknown, nowMs: number): void {
    this.#nextProbeAtMs = nowMs + this.#probeIntervalMs;
    if (this.#degraded) return;
    this.#degraded = true;
    this.#onDegraded(error);
  }

  #recovered(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#onRecovered();
  }

  async #withTimeout<Value>(promise: Promise<Value>): Promise<Value> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`shared rate limiter did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const unknownHeaders = {
  limitRequests: null,
  remainingRequests: null,
  resetRequests: null,
  limitTokens: null,
  remainingTokens: null,
  resetTokens: null,
};

function tagged(decision: RateLimitDecision, tag: string): RateLimitDecision {
  return decision.admissionId === undefined ? decision : { ...decision, admissionId: `${tag}${decision.admissionId}` };
}
