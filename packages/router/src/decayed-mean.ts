/** A decayed mean as plain JSON: the sums as they stood at `atMs`. */
export interface DecayedMeanSnapshot {
  sum: number;
  weight: number;
  atMs: number;
  /** Observations ever made, undecayed. */
  count: number;
}

/**
 * A mean in which every observation's weight halves each `halfLifeMs`, so recent behaviour
 * dominates and old behaviour fades without a timer: decay is applied lazily from the time of
 * the last update. Sums decayed to a common time simply add, which is what lets two instances'
 * estimates merge exactly.
 */
export class DecayedMean {
  private sum = 0;
  private weight = 0;
  private atMs = 0;
  private count = 0;
  private readonly decayPerMs: number;

  constructor(halfLifeMs: number) {
    this.decayPerMs = Math.LN2 / halfLifeMs;
  }

  record(value: number, nowMs: number): void {
    this.add(value, 1, nowMs);
    this.count++;
  }

  /** The weighted mean, or undefined before the first observation. */
  mean(): number | undefined {
    return this.weight > 0 ? this.sum / this.weight : undefined;
  }

  /**
   * How many observations were ever made. Whether a candidate has been tried enough is asked of
   * this undecayed count: a decayed weight would drop below any threshold within seconds of
   * going idle and send a quiet gateway's traffic to exploration again and again. Freshness of
   * idle estimates is the exploration draw's job, which costs a bounded share of traffic.
   */
  observations(): number {
    return this.count;
  }

  /** How many observations the estimate is worth now: recent ones count 1, old ones less. */
  weightAt(nowMs: number): number {
    return nowMs > this.atMs ? this.weight * Math.exp((this.atMs - nowMs) * this.decayPerMs) : this.weight;
  }

  snapshot(): DecayedMeanSnapshot {
    return { sum: this.sum, weight: this.weight, atMs: this.atMs, count: this.count };
  }

  /** Adds another instance's observations (see RouterState for sharing without double counting). */
  merge(snapshot: DecayedMeanSnapshot): void {
    if (snapshot.weight <= 0) return;
    this.add(snapshot.sum, snapshot.weight, snapshot.atMs);
    this.count += snapshot.count;
  }

  private add(sum: number, weight: number, atMs: number): void {
    if (this.weight === 0) {
      this.sum = sum;
      this.weight = weight;
      this.atMs = atMs;
    } else if (atMs >= this.atMs) {
      const factor = Math.exp((this.atMs - atMs) * this.decayPerMs);
      this.sum = this.sum * factor + sum;
      this.weight = this.weight * factor + weight;
      this.atMs = atMs;
    } else {
      // An older observation (a peer's clock, a late report): decay it to our time instead.
      const factor = Math.exp((atMs - this.atMs) * this.decayPerMs);
      this.sum += sum * factor;
      this.weight += weight * factor;
    }
  }
}
