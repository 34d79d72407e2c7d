import { describe, expect, it } from 'vitest';
import { DecayedMean } from './decayed-mean';

const HALF_LIFE = 1_000;

describe('DecayedMean', () => {
  it('has no mean before the first observation', () => {
    const mean = new DecayedMean(HALF_LIFE);
    expect(mean.mean()).toBeUndefined();
    expect(mean.observations()).toBe(0);
    expect(mean.weightAt(5_000)).toBe(0);
  });

  it('weighs an observation one half-life old half as much as a new one', () => {
    const mean = new DecayedMean(HALF_LIFE);
    mean.record(100, 0);
    mean.record(400, HALF_LIFE);
    // (100 * 0.5 + 400 * 1) / (0.5 + 1)
    expect(mean.mean()).toBeCloseTo(300, 9);
    expect(mean.weightAt(HALF_LIFE)).toBeCloseTo(1.5, 9);
    expect(mean.weightAt(2 * HALF_LIFE)).toBeCloseTo(0.75, 9);
  });

  it('keeps its mean while idle but loses weight, and counts observations without decay', () => {
    const mean = new DecayedMean(HALF_LIFE);
    for (let index = 0; index < 4; index++) mean.record(50, index);
    expect(mean.mean()).toBeCloseTo(50, 9);
    expect(mean.weightAt(3 + 10 * HALF_LIFE)).toBeLessThan(0.01);
    expect(mean.observations()).toBe(4);
  });

  it('follows a change: after a few half-lives the new level dominates', () => {
    const mean = new DecayedMean(HALF_LIFE);
    for (let atMs = 0; atMs < 5_000; atMs += 100) mean.record(20, atMs);
    for (let atMs = 5_000; atMs < 10_000; atMs += 100) mean.record(200, atMs);
    expect(mean.mean()!).toBeGreaterThan(190);
  });

  it('merges to exactly what one instance recording everything would hold, in any order', () => {
    const together = new DecayedMean(HALF_LIFE);
    const first = new DecayedMean(HALF_LIFE);
    const second = new DecayedMean(HALF_LIFE);
    const observations: [number, number][] = [
      [10, 0],
      [30, 400],
      [20, 700],
      [90, 1_500],
      [60, 2_100],
    ];
    observations.forEach(([value, atMs], index) => {
      together.record(value, atMs);
      (index % 2 === 0 ? first : second).record(value, atMs);
    });
    const merged = new DecayedMean(HALF_LIFE);
    merged.merge(second.snapshot());
    merged.merge(first.snapshot());
    expect(merged.mean()).toBeCloseTo(together.mean()!, 9);
    expect(merged.weightAt(3_000)).toBeCloseTo(together.weightAt(3_000), 9);
    expect(merged.observations()).toBe(5);
  });

  it('decays a late observation to its own time instead of counting it as new', () => {
    const mean = new DecayedMean(HALF_LIFE);
    mean.record(100, 2_000);
    mean.record(400, 1_000);
    expect(mean.mean()).toBeCloseTo((100 + 400 * 0.5) / 1.5, 9);
  });

  it('snapshots to plain JSON', () => {
    const mean = new DecayedMean(HALF_LIFE);
    mean.record(7, 123);
    const snapshot = mean.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual({ sum: 7, weight: 1, atMs: 123, count: 1 });
  });
});
