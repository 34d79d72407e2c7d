import type { AttemptOutcomeKind } from './attempt-outcome';

export interface CircuitBreakerConfig {
  /** Open after this many failures in a row. */
  consecutiveFailures: number;
  /** Open when failures / requests in the window reach this share... */
  errorRateThreshold: number;
  /** ...over at least this many requests (so two failures out of three do not open it). */
  minimumRequests: number;
  windowMs: number;
  /** How long an opened circuit refuses before letting a probe through. */
  cooldownMs: number;
  /** A failed probe doubles the cooldown, up to this. */
  maxCooldownMs: number;
  /**
   * How long a claimed probe blocks other probes. The plan claims the probe, but the attempt may
   * never run (an earlier attempt answered, the client left); the lease makes sure a lost probe
   * does not keep the circuit half-open for ever.
   */
  probeLeaseMs: number;
  /** How long a 429 without Retry-After keeps the key out of plans (0: only its weight drops). */
  rateLimitBackoffMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER_CONFIG: CircuitBreakerConfig = {
  consecutiveFailures: 5,
  errorRateThreshold: 0.5,
  minimumRequests: 20,
  windowMs: 60_000,
  cooldownMs: 30_000,
  maxCooldownMs: 300_000,
  probeLeaseMs: 60_000,
  rateLimitBackoffMs: 0,
};

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Whether a plan may use the key now. */
export type KeyAvailability = 'available' | 'rate-limited' | 'open' | 'probe-available' | 'probe-in-flight';

export interface CircuitBreakerDescription {
  state: CircuitState;
  availability: KeyAvailability;
  consecutiveFailures: number;
  windowRequests: number;
  windowFailures: number;
  openUntilMs: number | undefined;
  retryAfterUntilMs: number | undefined;
}

// The error-rate window is kept as a few time buckets: constant memory and O(buckets) reads.
const WINDOW_BUCKETS = 10;

/**
 * Health of one (provider, key, model): closed -> open after consecutive failures or a high error
 * rate; open for a cooldown; then half-open, where exactly one probe may go (the others skip it
 * until the probe reports); the probe's success closes it, its failure re-opens it for longer.
 * A 429's Retry-After is honoured separately: it is not a failure, only a wait.
 */
export class CircuitBreaker {
  private opened = false;
  private openUntilMs = 0;
  private reopenings = 0;
  private probeLeaseUntilMs = 0;
  private consecutiveFailures = 0;
  private retryAfterUntilMs = 0;
  private readonly bucketMs: number;
  private readonly bucketSlots = new Float64Array(WINDOW_BUCKETS).fill(Number.NEGATIVE_INFINITY);
  private readonly bucketRequests = new Uint32Array(WINDOW_BUCKETS);
  private readonly bucketFailures = new Uint32Array(WINDOW_BUCKETS);

  constructor(private readonly config: CircuitBreakerConfig = DEFAULT_CIRCUIT_BREAKER_CONFIG) {
    this.bucketMs = config.windowMs / WINDOW_BUCKETS;
  }

  state(nowMs: number): CircuitState {
    if (!this.opened) return 'closed';
    return nowMs < this.openUntilMs ? 'open' : 'half-open';
  }

  availability(nowMs: number): KeyAvailability {
    if (this.opened) {
      if (nowMs < this.openUntilMs) return 'open';
      if (nowMs < this.retryAfterUntilMs) return 'rate-limited';
      return nowMs < this.probeLeaseUntilMs ? 'probe-in-flight' : 'probe-available';
    }
    return nowMs < this.retryAfterUntilMs ? 'rate-limited' : 'available';
  }

  /** When the key may next be planned (a probe included), for a 503's Retry-After. */
  unavailableUntil(nowMs: number): number {
    return Math.max(nowMs, this.opened ? this.openUntilMs : 0, this.retryAfterUntilMs, this.probeLeaseUntilMs);
  }

  /** Takes the half-open probe slot; false when there is none to take. */
  claimProbe(nowMs: number): boolean {
    if (this.availability(nowMs) !== 'probe-available') return false;
    this.probeLeaseUntilMs = nowMs + this.config.probeLeaseMs;
    return true;
  }

  /** Returns the cooldown (ms) when this outcome opened the circuit, for peers; otherwise 0. */
  record(kind: AttemptOutcomeKind, nowMs: number, retryAfterMs?: number): number {
    if (kind === 'success') this.recordSuccess(nowMs);
    else if (kind === 'rate_limited') this.recordRateLimited(nowMs, retryAfterMs);
    else return this.recordFailure(nowMs);
    return 0;
  }

  /**
   * Another instance opened this circuit for `cooldownMs` (counted from when its message arrived:
   * hosts' clocks differ): open it here too, so the fleet pays one set of failures, not one per
   * instance. An already open circuit keeps the later of the two ends; the reopening count is
   * local, so a peer's opening does not lengthen this instance's next cooldown.
   */
  openFromPeer(nowMs: number, cooldownMs: number): void {
    const until = nowMs + Math.min(cooldownMs, this.config.maxCooldownMs);
    if (this.opened && this.openUntilMs >= until) return;
    this.opened = true;
    this.openUntilMs = until;
    this.probeLeaseUntilMs = 0;
    this.consecutiveFailures = 0;
  }

  describe(nowMs: number): CircuitBreakerDescription {
    const window = this.windowCounts(nowMs);
    return {
      state: this.state(nowMs),
      availability: this.availability(nowMs),
      consecutiveFailures: this.consecutiveFailures,
      windowRequests: window.requests,
      windowFailures: window.failures,
      openUntilMs: this.opened ? this.openUntilMs : undefined,
      retryAfterUntilMs: this.retryAfterUntilMs > nowMs ? this.retryAfterUntilMs : undefined,
    };
  }

  private recordSuccess(nowMs: number): void {
    if (this.opened) {
      // During the cooldown only answers to attempts planned before the opening can arrive, and
      // they prove little; once half-open, an answer is the probe's.
      if (nowMs >= this.openUntilMs) this.close();
      return;
    }
    this.consecutiveFailures = 0;
    this.count(nowMs, false);
  }

  private recordFailure(nowMs: number): number {
    if (this.opened) {
      if (nowMs >= this.openUntilMs) {
        this.reopenings++;
        return this.open(nowMs);
      }
      return 0;
    }
    this.consecutiveFailures++;
    this.count(nowMs, true);
    if (this.consecutiveFailures >= this.config.consecutiveFailures || this.errorRateReached(nowMs)) return this.open(nowMs);
    return 0;
  }

  private recordRateLimited(nowMs: number, retryAfterMs: number | undefined): void {
    this.retryAfterUntilMs = Math.max(this.retryAfterUntilMs, nowMs + (retryAfterMs ?? this.config.rateLimitBackoffMs));
    // A probe answered with 429 proved nothing either way: free the slot for after the wait.
    this.probeLeaseUntilMs = 0;
  }

  private open(nowMs: number): number {
    const cooldown = Math.min(this.config.maxCooldownMs, this.config.cooldownMs * 2 ** this.reopenings);
    this.opened = true;
    this.openUntilMs = nowMs + cooldown;
    this.probeLeaseUntilMs = 0;
    this.consecutiveFailures = 0;
    return cooldown;
  }

  private close(): void {
    this.opened = false;
    this.reopenings = 0;
    this.probeLeaseUntilMs = 0;
    this.consecutiveFailures = 0;
    // The failures that opened it must not re-open it on the next single failure.
    this.bucketSlots.fill(Number.NEGATIVE_INFINITY);
  }

  private count(nowMs: number, failed: boolean): void {
    const slot = Math.floor(nowMs / this.bucketMs);
    const index = slot % WINDOW_BUCKETS;
    if (this.bucketSlots[index] !== slot) {
      this.bucketSlots[index] = slot;
      this.bucketRequests[index] = 0;
      this.bucketFailures[index] = 0;
    }
    this.bucketRequests[index]!++;
    if (failed) this.bucketFailures[index]!++;
  }

  private windowCounts(nowMs: number): { requests: number; failures: number } {
    const oldestSlot = Math.floor(nowMs / this.bucketMs) - WINDOW_BUCKETS;
    let requests = 0;
    let failures = 0;
    for (let index = 0; index < WINDOW_BUCKETS; index++) {
      if (this.bucketSlots[index]! > oldestSlot) {
        requests += this.bucketRequests[index]!;
        failures += this.bucketFailures[index]!;
      }
    }
    return { requests, failures };
  }

  private errorRateReached(nowMs: number): boolean {
    const { requests, failures } = this.windowCounts(nowMs);
    return requests >= this.config.minimumRequests && failures / requests >= this.config.errorRateThreshold;
  }
}
