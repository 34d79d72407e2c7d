import { type Database, postgresErrorCode } from '@switchboard/db';
import { describeDatabaseRefusal } from './describe-database-refusal';
import { type IngestOptions, type IngestResult, ingestUsageEvents } from './ingest-usage-events';
import { parkUsageEvent } from './park-usage-event';
import { recordClientAddresses } from './record-client-addresses';
import type { UsageEvent } from './usage-event';

export interface StoreUsageBatchResult extends IngestResult {
  /** Events the database refused one by one, kept in usage_dead_letters. */
  parked: number;
}

export interface StoreUsageBatchOptions extends IngestOptions {
  /** One event was refused and parked: for the caller's log line and metric (`reason` is the database's). */
  onParked?: (requestId: string, reason: string) => void;
}

/**
 * Whether the database refused the data rather than failed to answer: a data exception (SQLSTATE
 * class 22: a number out of range, text where a number belongs) or an integrity violation (class
 * 23), or an event that could not even be turned into a row (an invalid date). Anything else (a
 * lost connection, a timeout, a deadlock) fails the whole batch, which is retried as it is.
 */
function refusedTheData(error: unknown): boolean {
  const code = postgresErrorCode(error);
  if (code !== undefined) return code.startsWith('22') || code.startsWith('23');
  return error instanceof RangeError;
}

/**
 * Stores a batch of usage events so one bad event never costs the others: the whole batch in one
 * statement first (the fast path, `ingestUsageEvents`); if the database refuses its data, each
 * event again on its own, and an event refused on its own too goes to usage_dead_letters. What
 * is not a refusal of the data (the database unreachable) rejects, so the caller keeps the batch
 * and tries again later; retrying is safe, since stored events are skipped as duplicates.
 */
export async function storeUsageBatch(
  db: Database,
  events: UsageEvent[],
  options: StoreUsageBatchOptions = {},
): Promise<StoreUsageBatchResult> {
  // Seen addresses first and separately: they are not billing, so they never park a batch.
  await recordClientAddresses(db, events);
  try {
    return { ...(await ingestUsageEvents(db, events, options)), parked: 0 };
  } catch (error) {
    if (!refusedTheData(error)) throw error;
  }
  const result: StoreUsageBatchResult = { inserted: 0, duplicates: 0, parked: 0 };
  for (const event of events) {
    try {
      const stored = await ingestUsageEvents(db, [event], options);
      result.inserted += stored.inserted;
      result.duplicates += stored.duplicates;
    } catch (error) {
      if (!refusedTheData(error)) throw error;
      const requestId = await parkUsageEvent(db, event, error);
      result.parked++;
      options.onParked?.(requestId, describeDatabaseRefusal(error));
    }
  }
  return result;
}
