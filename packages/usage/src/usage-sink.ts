import type { UsageEvent } from './usage-event';

/**
 * Where batches of usage events go: the BullMQ queue, the database directly (embedded), or the
 * spool file. `deliver` resolves once the events are durable there and rejects otherwise, so the
 * caller can hand them to the next sink: an event is never dropped silently.
 */
export interface UsageSink {
  deliver(events: UsageEvent[]): Promise<void>;
  close(): Promise<void>;
}
