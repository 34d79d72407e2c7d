import { describe, expect, it } from 'vitest';
import type { UsageRow } from './admin-types';
import { fillTimeBuckets, zeroCounters } from './fill-time-buckets';

const row = (bucketStart: string, requests: number, costMicros: number): UsageRow => ({
  ...zeroCounters,
  bucketStart,
  requests,
  costMicros,
});

describe('fillTimeBuckets', () => {
  it('fills quiet buckets with zeros and sums rows of the same bucket (grouped rows)', () => {
    const buckets = fillTimeBuckets(
      [row('2026-01-01T10:00:00.000Z', 2, 100), row('2026-01-01T10:00:00.000Z', 1, 50), row('2026-01-01T12:00:00.000Z', 4, 10)],
      new Date('2026-01-01T09:30:00.000Z'),
      new Date('2026-01-01T12:30:00.000Z'),
      'hour',
    );
    expect(buckets.map((bucket) => [new Date(bucket.time).toISOString(), bucket.requests, bucket.costMicros])).toEqual([
      ['2026-01-01T09:00:00.000Z', 0, 0],
      ['2026-01-01T10:00:00.000Z', 3, 150],
      ['2026-01-01T11:00:00.000Z', 0, 0],
      ['2026-01-01T12:00:00.000Z', 4, 10],
    ]);
  });

  it('keeps a row outside the range rather than dropping counted usage', () => {
    const buckets = fillTimeBuckets(
      [row('2026-01-02T00:00:00.000Z', 1, 1)],
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-01T00:02:00Z'),
      'minute',
    );
    expect(buckets).toHaveLength(3);
    expect(buckets.at(-1)?.requests).toBe(1);
  });
});
