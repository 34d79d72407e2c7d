import type { Database } from '@switchboard/db';
import { purgeUsageEvents } from './purge-usage-events';

const DAY_MS = 86_400_000;

export interface RetentionRun {
  removed: number;
  /** Events that occurred before this instant were removed. */
  before: Date;
}

/**
 * One retention pass: removes the raw usage events older than `retentionDays`, the same for the
 * embedded gateway's hourly timer and the workers' hourly job.
 */
export async function applyUsageRetention(
  db: Database,
  retentionDays: number,
  nowMs: number = Date.now(),
): Promise<RetentionRun> {
  const before = new Date(nowMs - retentionDays * DAY_MS);
  return { removed: await purgeUsageEvents(db, before), before };
}
