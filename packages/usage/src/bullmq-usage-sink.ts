import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedisConnection } from './redis-connection';
import type { UsageEvent } from './usage-event';
import { USAGE_QUEUE_NAME, type UsageJobData, usageQueueDepth, usageQueuePrefix } from './usage-queue';
import type { UsageSink } from './usage-sink';

export interface BullmqUsageSinkOptions {
  redisUrl: string;
  /** Deployment key prefix (`switchboard:`); the queue lives under `<prefix>bull`. */
  prefix?: string;
  /** Events per job; a flush larger than this becomes several jobs in the same addBulk. */
  eventsPerJob?: number;
  /** A delivery that takes longer fails (and is spooled by the caller); default 2 s. */
  timeoutMs?: number;
}

class DeliveryTimeout extends Error {}

/**
 * Sends batches of usage events to the BullMQ queue with one addBulk per flush. While Redis is
 * unreachable a delivery fails at once (or after the timeout), so the caller can spool instead
 * of stalling; a command that was sent but not answered may still land later, which is harmless
 * because ingestion ignores request ids it has seen. Jobs retry with backoff when the worker cannot write
 * (the database is down) and stay in the failed set rather than vanish if they never can.
 */
export class BullmqUsageSink implements UsageSink {
  readonly queue: Queue<UsageJobData>;
  readonly #connection: Redis;
  readonly #eventsPerJob: number;
  readonly #timeoutMs: number;
  #wasReady = false;

  constructor(options: BullmqUsageSinkOptions) {
    this.#connection = createRedisConnection(options.redisUrl, {
      maxRetriesPerRequest: 1,
      // Keep reconnecting quietly; deliveries fail fast meanwhile and go to the spool.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    // Errors surface through failed deliveries; an unhandled 'error' event would crash the process.
    this.#connection.on('error', () => {});
    this.#connection.on('ready', () => {
      this.#wasReady = true;
    });
    this.queue = new Queue<UsageJobData>(USAGE_QUEUE_NAME, {
      connection: this.#connection,
      prefix: usageQueuePrefix(options.prefix ?? 'switchboard:'),
      skipWaitingForReady: true,
      defaultJobOptions: {
        attempts: 25,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: true,
        removeOnFail: false,
      },
    });
    this.queue.on('error', () => {});
    this.#eventsPerJob = options.eventsPerJob ?? 500;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
  }

  async deliver(events: UsageEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Once connected, a lost connection fails the delivery at once (the caller spools) instead of
    // queueing commands in ioredis until Redis returns; before the first connection, wait for it.
    if (this.#wasReady && this.#connection.status !== 'ready') {
      throw new Error(`the usage queue is unreachable (Redis connection ${this.#connection.status})`);
    }
    const jobs: { name: string; data: UsageJobData }[] = [];
    for (let index = 0; index < events.length; index += this.#eventsPerJob) {
      jobs.push({ name: 'usage-batch', data: { events: events.slice(index, index + this.#eventsPerJob) } });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryTimeout(`the usage queue did not answer in ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      await Promise.race([this.queue.addBulk(jobs), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Jobs not yet ingested: waiting, delayed, prioritized and active. */
  depth(): Promise<number> {
    return usageQueueDepth(this.queue);
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    this.#connection.disconnect();
  }
}
