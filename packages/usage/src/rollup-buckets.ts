import type { RollupGranularity } from '@switchboard/db';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds in one bucket of each granularity (UTC, so days never shift with a zone). */
export const granularityMs: Readonly<Record<RollupGranularity, number>> = {
  minute: MINUTE_MS,
  hour: HOUR_MS,
  day: DAY_MS,
};

/** The start of the UTC bucket holding `timeMs`. */
export function bucketStart(granularity: RollupGranularity, timeMs: number): number {
  const size = granularityMs[granularity];
  return Math.floor(timeMs / size) * size;
}
