import type { AttemptOutcomeKind } from './attempt-outcome';

export interface OutcomeRatesSnapshot {
  attempts: number;
  failures: number;
  rateLimited: number;
  atMs: number;
}

export interface FailureShares {
  errorRate: number;
  rateLimitRate: number;
}

/**
 * Decayed shares of attempts that failed (errors, timeouts) and that got a 429, kept together
 * because every attempt updates both: one decay factor serves both rates on the hot path.
 * Same decay and merge rules as DecayedMean.
 */
export class OutcomeRates {
  private attempts = 0;
  private failures = 0;
  private rateLimited = 0;
  private atMs = 0;
  private readonly decayPerMs: number;

  constructor(halfLifeMs: number) {
    this.decayPerMs = Math.LN2 / halfLifeMs;
  }

  record(kind: AttemptOutcomeKind, nowMs: number): void {
    this.add(1, kind === 'error' || kind === 'timeout' ? 1 : 0, kind === 'rate_limited' ? 1 : 0, nowMs);
  }

  /** The raw decayed rates, or undefined before the first attempt. */
  errorRate(): number | undefined {
    return this.attempts > 0 ? this.failures / this.attempts : undefined;
  }

  rateLimitRate(): number | undefined {
    return this.attempts > 0 ? this.rateLimited / this.attempts : undefined;
  }

  /**
   * The rates as if `priorWeight` successful attempts had just been made: one failure out of one
   * attempt reads as a modest rate rather than 100%, and as evidence ages the rates drift back
   * to zero instead of staying frozen on an old outage.
   */
  sharesWithPrior(nowMs: number, priorWeight: number): FailureShares {
    const factor = nowMs > this.atMs ? Math.exp((this.atMs - nowMs) * this.decayPerMs) : 1;
    const weight = this.attempts * factor + priorWeight;
    return { errorRate: (this.failures * factor) / weight, rateLimitRate: (this.rateLimited * factor) / weight };
  }

  /** How many attempts the rates are worth now. */
  attemptsAt(nowMs: number): number {
    return nowMs > this.atMs ? this.attempts * Math.exp((this.atMs - nowMs) * this.decayPerMs) : this.attempts;
  }

  snapshot(): OutcomeRatesSnapshot {
    return { attempts: this.attempts, failures: this.failures, rateLimited: this.rateLimited, atMs: this.atMs };
  }

  merge(snapshot: OutcomeRatesSnapshot): void {
    if (snapshot.attempts > 0) this.add(snapshot.attempts, snapshot.failures, snapshot.rateLimited, snapshot.atMs);
  }

  private add(attempts: number, failures: number, rateLimited: number, atMs: number): void {
    if (this.attempts === 0) {
      this.attempts = attempts;
      this.failures = failures;
      this.rateLimited = rateLimited;
      this.atMs = atMs;
      return;
    }
    // Decay whichever side is older to the newer one's time, then add.
    const ours = atMs > this.atMs ? Math.exp((this.atMs - atMs) * this.decayPerMs) : 1;
    const theirs = atMs < this.atMs ? Math.exp((atMs - this.atMs) * this.decayPerMs) : 1;
    this.attempts = this.attempts * ours + attempts * theirs;
    this.failures = this.failures * ours + failures * theirs;
    this.rateLimited = this.rateLimited * ours + rateLimited * theirs;
    this.atMs = Math.max(this.atMs, atMs);
  }
}
