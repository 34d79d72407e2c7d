import type { Database } from '@switchboard/db';
import { type StoreUsageBatchOptions, storeUsageBatch } from './store-usage-batch';
import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

/**
 * The embedded default's sink: no Redis, no worker process; the gateway stores its own batches
 * with the same function the BullMQ worker runs (falling back to row by row, parking what the
 * database refuses), so both modes store and roll up identically.
 */
export class DatabaseUsageSink implements UsageSink {
  constructor(
    private readonly db: Database,
    private readonly options: StoreUsageBatchOptions = {},
  ) {}

  async deliver(events: UsageEvent[]): Promise<void> {
    await storeUsageBatch(this.db, events, this.options);
  }

  async close(): Promise<void> {}
}
