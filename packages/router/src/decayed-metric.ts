import { DecayedMean, type DecayedMeanSnapshot } from './decayed-mean';
import { RecentSamples, type RecentSamplesSnapshot } from './recent-samples';

export interface DecayedMetricSnapshot {
  mean: DecayedMeanSnapshot;
  recent: RecentSamplesSnapshot;
}

export interface DecayedMetricSummary {
  mean: number | undefined;
  p50: number | undefined;
  p90: number | undefined;
  /** Observations ever made: what exploration compares against its threshold. */
  observations: number;
  /** What they are worth now, after decay. */
  weight: number;
  /** Samples inside the percentile window. */
  recentCount: number;
}

export interface DecayedMetricSettings {
  halfLifeMs: number;
  recentSampleCapacity: number;
  percentileWindowMs: number;
}

/**
 * One measurement (a latency, a rate): a decayed mean for scoring, which is O(1) to read on the
 * hot path, and recent samples for the p50/p90 that operators read.
 */
export class DecayedMetric {
  private readonly average: DecayedMean;
  private readonly recent: RecentSamples;

  constructor(settings: DecayedMetricSettings) {
    this.average = new DecayedMean(settings.halfLifeMs);
    this.recent = new RecentSamples(settings.recentSampleCapacity, settings.percentileWindowMs);
  }

  record(value: number, nowMs: number): void {
    this.average.record(value, nowMs);
    this.recent.record(value, nowMs);
  }

  mean(): number | undefined {
    return this.average.mean();
  }

  weightAt(nowMs: number): number {
    return this.average.weightAt(nowMs);
  }

  observations(): number {
    return this.average.observations();
  }

  summary(nowMs: number): DecayedMetricSummary {
    const { p50, p90, count } = this.recent.percentiles(nowMs);
    return {
      mean: this.average.mean(),
      p50,
      p90,
      observations: this.average.observations(),
      weight: this.average.weightAt(nowMs),
      recentCount: count,
    };
  }

  snapshot(): DecayedMetricSnapshot {
    return { mean: this.average.snapshot(), recent: this.recent.snapshot() };
  }

  merge(snapshot: DecayedMetricSnapshot): void {
    this.average.merge(snapshot.mean);
    this.recent.merge(snapshot.recent);
  }
}
