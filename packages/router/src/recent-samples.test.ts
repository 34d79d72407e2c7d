import { describe, expect, it } from 'vitest';
import { RecentSamples } from './recent-samples';

describe('RecentSamples', () => {
  it('reports nearest-rank p50 and p90', () => {
    const samples = new RecentSamples(100, 60_000);
    for (let value = 1; value <= 10; value++) samples.record(value * 10, 1_000 + value);
    expect(samples.percentiles(2_000)).toEqual({ p50: 50, p90: 90, count: 10 });
  });

  it('has no percentiles without samples in the window', () => {
    const samples = new RecentSamples(8, 1_000);
    expect(samples.percentiles(0)).toEqual({ p50: undefined, p90: undefined, count: 0 });
    samples.record(5, 0);
    expect(samples.percentiles(500).count).toBe(1);
    expect(samples.percentiles(1_001)).toEqual({ p50: undefined, p90: undefined, count: 0 });
  });

  it('leaves samples older than the window out', () => {
    const samples = new RecentSamples(100, 1_000);
    for (let index = 0; index < 10; index++) samples.record(1_000, index);
    for (let index = 0; index < 10; index++) samples.record(10, 5_000 + index);
    expect(samples.percentiles(5_500)).toEqual({ p50: 10, p90: 10, count: 10 });
  });

  it('keeps only the last `capacity` samples', () => {
    const samples = new RecentSamples(4, 60_000);
    for (let value = 1; value <= 6; value++) samples.record(value, value);
    expect(samples.snapshot().samples).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
  });

  it('merges by keeping the most recent samples of both sides, oldest first', () => {
    const ours = new RecentSamples(4, 60_000);
    const theirs = new RecentSamples(4, 60_000);
    ours.record(1, 10);
    ours.record(3, 30);
    ours.record(5, 50);
    theirs.record(2, 20);
    theirs.record(4, 40);
    theirs.record(6, 60);
    ours.merge(theirs.snapshot());
    expect(ours.snapshot().samples).toEqual([
      [30, 3],
      [40, 4],
      [50, 5],
      [60, 6],
    ]);
    ours.record(7, 70);
    expect(ours.snapshot().samples.map(([, value]) => value)).toEqual([4, 5, 6, 7]);
  });
});
