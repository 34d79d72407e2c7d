import type { Queue } from 'bullmq';
import type { UsageEvent } from './usage-event';

/** The BullMQ queue the gateway fills and apps/worker drains. */
export const USAGE_QUEUE_NAME = 'usage';

/** One job: a gateway's batch of events (not one job per event: the worker ingests a batch in one transaction). */
export interface UsageJobData {
  events: UsageEvent[];
}

/** Redis key prefix for the queue under a deployment's prefix (`switchboard:` by default). */
export function usageQueuePrefix(prefix: string): string {
  return `${prefix}bull`;
}

/** Jobs not yet ingested: waiting, delayed, prioritized and active. */
export async function usageQueueDepth(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
