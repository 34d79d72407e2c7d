import type { Granularity, UsageCounters, UsageRow } from './admin-types';

const STEP_MILLISECONDS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export const zeroCounters: UsageCounters = {
  requests: 0,
  errors: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  costMicros: 0,
  costUsd: 0,
};

export interface UsageBucket extends UsageCounters {
  time: number;
}

/**
 * One bucket per step from `from` to `to` (UTC-aligned, like the report's buckets), summing the
 * rows that fall in each and zero where none do: a quiet hour is a zero on the chart, not a gap
 * the line jumps over.
 */
export function fillTimeBuckets(
  rows: UsageRow[],
  from: Date,
  to: Date,
  granularity: Exclude<Granularity, 'total'>,
): UsageBucket[] {
  const step = STEP_MILLISECONDS[granularity];
  const start = Math.floor(from.getTime() / step) * step;
  const buckets = new Map<number, UsageBucket>();
  for (let time = start; time < to.getTime(); time += step) buckets.set(time, { ...zeroCounters, time });
  for (const row of rows) {
    if (!row.bucketStart) continue;
    const time = Math.floor(new Date(row.bucketStart).getTime() / step) * step;
    const bucket = buckets.get(time) ?? { ...zeroCounters, time };
    for (const counter of Object.keys(zeroCounters) as (keyof UsageCounters)[]) bucket[counter] += row[counter] ?? 0;
    buckets.set(time, bucket);
  }
  return [...buckets.values()].sort((left, right) => left.time - right.time);
}
