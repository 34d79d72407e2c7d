/** Recent samples as plain JSON, oldest first: `[atMs, value]` pairs. */
export interface RecentSamplesSnapshot {
  samples: [number, number][];
}

export interface Percentiles {
  p50: number | undefined;
  p90: number | undefined;
  /** How many samples fell inside the window. */
  count: number;
}

/**
 * The last `capacity` samples with their times, for percentiles over a sliding window. A fixed
 * ring keeps memory and recording cost constant however busy a provider is; the window bounds
 * how stale a percentile can be for a quiet one.
 */
export class RecentSamples {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private count = 0;
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  record(value: number, nowMs: number): void {
    this.times[this.next] = nowMs;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Nearest-rank p50 and p90 of the samples no older than the window. Off the hot path. */
  percentiles(nowMs: number): Percentiles {
    const inWindow: number[] = [];
    const oldest = nowMs - this.windowMs;
    for (let index = 0; index < this.count; index++) {
      if (this.times[index]! >= oldest) inWindow.push(this.values[index]!);
    }
    if (inWindow.length === 0) return { p50: undefined, p90: undefined, count: 0 };
    inWindow.sort((left, right) => left - right);
    const rank = (quantile: number) => inWindow[Math.max(0, Math.ceil(quantile * inWindow.length) - 1)];
    return { p50: rank(0.5), p90: rank(0.9), count: inWindow.length };
  }

  snapshot(): RecentSamplesSnapshot {
    const samples: [number, number][] = [];
    const start = this.count < this.capacity ? 0 : this.next;
    for (let offset = 0; offset < this.count; offset++) {
      const index = (start + offset) % this.capacity;
      samples.push([this.times[index]!, this.values[index]!]);
    }
    return { samples };
  }

  /** Keeps the most recent `capacity` samples of both sides. */
  merge(snapshot: RecentSamplesSnapshot): void {
    if (snapshot.samples.length === 0) return;
    const combined = this.snapshot().samples.concat(snapshot.samples);
    combined.sort((left, right) => left[0] - right[0]);
    this.count = 0;
    this.next = 0;
    for (const [atMs, value] of combined.slice(-this.capacity)) this.record(value, atMs);
  }
}
