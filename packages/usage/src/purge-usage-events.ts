import { type Database, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';

export interface PurgeOptions {
  /** Rows removed per statement; small enough that each delete holds its locks briefly. Default 5,000. */
  batchSize?: number;
  /** Stop after this many batches (the next run continues); default unlimited. */
  maxBatches?: number;
}

/**
 * Removes raw usage events older than `before`, in small batches, each its own statement, so no
 * long lock blocks the workers inserting new events. Rollups are kept: dashboards read those.
 * Returns how many events were removed.
 */
export async function purgeUsageEvents(db: Database, before: Date, options: PurgeOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  let removed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const rows = await queryRows<{ request_id: string }>(
      db,
      sql`delete from usage_events where request_id in (
            select request_id from usage_events where occurred_at < ${before.toISOString()}::timestamptz
            order by occurred_at limit ${batchSize}
            for update skip locked)
          returning request_id`,
    );
    removed += rows.length;
    if (rows.length < batchSize) break;
  }
  return removed;
}
