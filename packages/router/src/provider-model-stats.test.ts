import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from './attempt-outcome';
import { ProviderModelStats } from './provider-model-stats';

function outcome(fields: Partial<AttemptOutcome>): AttemptOutcome {
  return { providerId: 'alpha', modelId: 'm', kind: 'success', latencyMs: 100, streamed: false, ...fields };
}

describe('ProviderModelStats', () => {
  it('measures whole responses by total latency', () => {
    const stats = new ProviderModelStats();
    stats.record(outcome({ latencyMs: 120 }), 0);
    stats.record(outcome({ latencyMs: 120 }), 0);
    expect(stats.latencyMs.mean()).toBe(120);
    expect(stats.firstTokenMs.mean()).toBeUndefined();
  });

  it('measures streams by time to first token and output tokens per second after it', () => {
    const stats = new ProviderModelStats();
    stats.record(outcome({ streamed: true, latencyMs: 2_200, firstTokenMs: 200, outputTokens: 100 }), 0);
    expect(stats.firstTokenMs.mean()).toBe(200);
    expect(stats.outputTokensPerSecond.mean()).toBe(50);
    expect(stats.latencyMs.mean()).toBeUndefined();
  });

  it('does not take a speed from a stream of one token', () => {
    const stats = new ProviderModelStats();
    stats.record(outcome({ streamed: true, latencyMs: 300, firstTokenMs: 300, outputTokens: 1 }), 0);
    expect(stats.outputTokensPerSecond.observations()).toBe(0);
  });

  it('does not count a failure as a latency sample, only towards the error rate', () => {
    const stats = new ProviderModelStats();
    stats.record(outcome({ latencyMs: 50 }), 0);
    stats.record(outcome({ kind: 'timeout', latencyMs: 30_000 }), 0);
    stats.record(outcome({ kind: 'rate_limited', latencyMs: 5 }), 0);
    expect(stats.latencyMs.mean()).toBe(50);
    expect(stats.outcomes.errorRate()).toBeCloseTo(1 / 3, 9);
    expect(stats.outcomes.rateLimitRate()).toBeCloseTo(1 / 3, 9);
  });

  it('learns output length and the share of input served from the prompt cache', () => {
    const stats = new ProviderModelStats();
    stats.record(outcome({ outputTokens: 300, inputTokens: 1_000, cachedInputTokens: 250 }), 0);
    expect(stats.outputTokens.mean()).toBe(300);
    expect(stats.cachedInputShare.mean()).toBe(0.25);
  });

  it('summarises with p50 and p90 over the recent window', () => {
    const stats = new ProviderModelStats();
    for (let latency = 10; latency <= 100; latency += 10) stats.record(outcome({ latencyMs: latency }), 1_000);
    const summary = stats.summary(2_000);
    expect(summary.latencyMs).toMatchObject({ p50: 50, p90: 90, observations: 10, recentCount: 10 });
    expect(summary.errorRate).toBe(0);
  });

  it('round-trips through JSON and merges like recording everything in one place', () => {
    const together = new ProviderModelStats();
    const first = new ProviderModelStats();
    const second = new ProviderModelStats();
    for (let index = 0; index < 20; index++) {
      const sample = outcome({ latencyMs: 20 + index * 7, kind: index % 5 === 0 ? 'error' : 'success', outputTokens: 40 });
      together.record(sample, index * 1_000);
      (index % 2 === 0 ? first : second).record(sample, index * 1_000);
    }
    first.merge(JSON.parse(JSON.stringify(second.snapshot())));
    const merged = first.summary(20_000);
    const expected = together.summary(20_000);
    expect(merged.latencyMs.mean).toBeCloseTo(expected.latencyMs.mean!, 9);
    expect(merged.latencyMs.p50).toBe(expected.latencyMs.p50);
    expect(merged.latencyMs.p90).toBe(expected.latencyMs.p90);
    expect(merged.errorRate).toBeCloseTo(expected.errorRate!, 9);
    expect(merged.attempts).toBeCloseTo(expected.attempts, 9);
    expect(merged.latencyMs.observations).toBe(16);
  });
});
