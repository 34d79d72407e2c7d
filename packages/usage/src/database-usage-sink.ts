import type { Database } from '@switchboard/db';
import { ingestUsageEvents } from './ingest-usage-events';
import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

/**
 * The embedded default's sink: no Redis, no worker process; the gateway ingests its own batches
 * with the same function the BullMQ worker runs, so both modes store and roll up identically.
 */
export class DatabaseUsageSink implements UsageSink {
  constructor(private readonly db: Database) {}

  async deliver(events: UsageEvent[]): Promise<void> {
    await ingestUsageEvents(this.db, events);
  }

  async close(): Promise<void> {}
}
