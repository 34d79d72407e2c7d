import type { AttemptOutcome } from './attempt-outcome';
import { DecayedMean, type DecayedMeanSnapshot } from './decayed-mean';
import { DecayedMetric, type DecayedMetricSnapshot, type DecayedMetricSummary } from './decayed-metric';
import { OutcomeRates, type OutcomeRatesSnapshot } from './outcome-rates';

export interface StatsConfig {
  /** How fast old observations fade: after one half-life an observation counts half. */
  halfLifeMs: number;
  /** Samples kept per metric for p50/p90. */
  recentSampleCapacity: number;
  /** Samples older than this are left out of p50/p90. */
  percentileWindowMs: number;
}

export const DEFAULT_STATS_CONFIG: StatsConfig = {
  halfLifeMs: 60_000,
  recentSampleCapacity: 64,
  percentileWindowMs: 300_000,
};

export interface ProviderModelStatsSnapshot {
  latencyMs: DecayedMetricSnapshot;
  firstTokenMs: DecayedMetricSnapshot;
  outputTokensPerSecond: DecayedMetricSnapshot;
  outcomes: OutcomeRatesSnapshot;
  outputTokens: DecayedMeanSnapshot;
  cachedInputShare: DecayedMeanSnapshot;
}

export interface ProviderModelStatsSummary {
  latencyMs: DecayedMetricSummary;
  firstTokenMs: DecayedMetricSummary;
  outputTokensPerSecond: DecayedMetricSummary;
  errorRate: number | undefined;
  rateLimitRate: number | undefined;
  attempts: number;
  outputTokens: number | undefined;
  cachedInputShare: number | undefined;
}

/**
 * What has been observed of one model at one provider (all keys together: speed and failures are
 * mostly the provider's, while per-key trouble is the circuit breaker's business).
 */
export class ProviderModelStats {
  /** Whole responses: request to last byte. */
  readonly latencyMs: DecayedMetric;
  /** Streams: request to first token. */
  readonly firstTokenMs: DecayedMetric;
  /** Streams: output tokens per second after the first token. */
  readonly outputTokensPerSecond: DecayedMetric;
  /** Shares of attempts that failed (errors, timeouts) and that got a 429, over every attempt. */
  readonly outcomes: OutcomeRates;
  /** Output tokens per successful answer, for the expected cost of requests without max_tokens. */
  readonly outputTokens: DecayedMean;
  /** Share of input tokens served from the prompt cache, for the cached-input price. */
  readonly cachedInputShare: DecayedMean;

  constructor(config: StatsConfig = DEFAULT_STATS_CONFIG) {
    this.latencyMs = new DecayedMetric(config);
    this.firstTokenMs = new DecayedMetric(config);
    this.outputTokensPerSecond = new DecayedMetric(config);
    this.outcomes = new OutcomeRates(config.halfLifeMs);
    this.outputTokens = new DecayedMean(config.halfLifeMs);
    this.cachedInputShare = new DecayedMean(config.halfLifeMs);
  }

  record(outcome: AttemptOutcome, nowMs: number): void {
    this.outcomes.record(outcome.kind, nowMs);
    // Only answers measure speed: a failure's duration says how long it took to fail, and the
    // error rate already accounts for it.
    if (outcome.kind !== 'success') return;
    if (outcome.streamed) {
      if (outcome.firstTokenMs !== undefined) {
        this.firstTokenMs.record(outcome.firstTokenMs, nowMs);
        const generatingMs = outcome.latencyMs - outcome.firstTokenMs;
        // One token (or none) after the first says nothing about generation speed.
        if (outcome.outputTokens !== undefined && outcome.outputTokens > 1 && generatingMs > 0) {
          this.outputTokensPerSecond.record((outcome.outputTokens * 1000) / generatingMs, nowMs);
        }
      }
    } else {
      this.latencyMs.record(outcome.latencyMs, nowMs);
    }
    if (outcome.outputTokens !== undefined) this.outputTokens.record(outcome.outputTokens, nowMs);
    if (outcome.inputTokens !== undefined && outcome.inputTokens > 0 && outcome.cachedInputTokens !== undefined) {
      this.cachedInputShare.record(Math.min(1, outcome.cachedInputTokens / outcome.inputTokens), nowMs);
    }
  }

  summary(nowMs: number): ProviderModelStatsSummary {
    return {
      latencyMs: this.latencyMs.summary(nowMs),
      firstTokenMs: this.firstTokenMs.summary(nowMs),
      outputTokensPerSecond: this.outputTokensPerSecond.summary(nowMs),
      errorRate: this.outcomes.errorRate(),
      rateLimitRate: this.outcomes.rateLimitRate(),
      attempts: this.outcomes.attemptsAt(nowMs),
      outputTokens: this.outputTokens.mean(),
      cachedInputShare: this.cachedInputShare.mean(),
    };
  }

  snapshot(): ProviderModelStatsSnapshot {
    return {
      latencyMs: this.latencyMs.snapshot(),
      firstTokenMs: this.firstTokenMs.snapshot(),
      outputTokensPerSecond: this.outputTokensPerSecond.snapshot(),
      outcomes: this.outcomes.snapshot(),
      outputTokens: this.outputTokens.snapshot(),
      cachedInputShare: this.cachedInputShare.snapshot(),
    };
  }

  merge(snapshot: ProviderModelStatsSnapshot): void {
    this.latencyMs.merge(snapshot.latencyMs);
    this.firstTokenMs.merge(snapshot.firstTokenMs);
    this.outputTokensPerSecond.merge(snapshot.outputTokensPerSecond);
    this.outcomes.merge(snapshot.outcomes);
    this.outputTokens.merge(snapshot.outputTokens);
    this.cachedInputShare.merge(snapshot.cachedInputShare);
  }
}
