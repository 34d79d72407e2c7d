import { createDatabase } from '@switchboard/db';
import { ingestUsageEvents, purgeUsageEvents, USAGE_QUEUE_NAME, type UsageJobData, usageQueuePrefix } from '@switchboard/usage';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerSettings } from './worker-settings';

const MAINTENANCE_QUEUE_NAME = 'usage-maintenance';
const RETENTION_EVERY_MS = 60 * 60_000;

export interface RunningUsageWorker {
  /** Usage batches ingested by this process (redeliveries included). */
  readonly processed: number;
  /** Waits for the batch in progress, then stops; a batch not acknowledged is redelivered elsewhere. */
  close(): Promise<void>;
}

/**
 * One usage worker process: drains the usage queue into Postgres (each batch in one transaction,
 * events unique by request id, rollups added in the same transaction), and runs the retention job
 * on a BullMQ job scheduler, so however many workers run, it runs once an hour.
 */
export async function startUsageWorker(settings: WorkerSettings, logger: Logger): Promise<RunningUsageWorker> {
  const database = await createDatabase({ url: settings.databaseUrl, maxConnections: settings.concurrency + 1 });
  await database.migrate();
  const prefix = usageQueuePrefix(settings.redisPrefix);
  // Workers block on Redis, so their connection must retry forever rather than fail a command.
  const connection = () => new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
  let processed = 0;

  const usageWorker = new Worker<UsageJobData>(
    USAGE_QUEUE_NAME,
    async (job: Job<UsageJobData>) => {
      const result = await ingestUsageEvents(database.db, job.data.events);
      processed++;
      if (result.duplicates > 0) logger.info({ job: job.id, ...result }, 'usage batch held events already stored');
      return result;
    },
    {
      connection: connection(),
      prefix,
      concurrency: settings.concurrency,
      stalledInterval: settings.stalledIntervalMs,
      lockDuration: Math.max(settings.stalledIntervalMs, 5_000),
      // A batch that keeps failing (the database refuses it) must not be dropped: the job keeps
      // its retries from the producer's options and then waits in the failed set.
      maxStalledCount: 10,
    },
  );
  usageWorker.on('failed', (job, error) =>
    logger.error({ job: job?.id, attempt: job?.attemptsMade, err: error.message }, 'usage batch failed; it will be retried'),
  );
  usageWorker.on('error', (error) => logger.warn({ err: error.message }, 'usage worker connection error'));

  const maintenance = new Queue(MAINTENANCE_QUEUE_NAME, { connection: connection(), prefix });
  maintenance.on('error', () => {});
  await maintenance.upsertJobScheduler('usage-retention', { every: RETENTION_EVERY_MS }, { name: 'purge-usage-events' });
  const maintenanceWorker = new Worker(
    MAINTENANCE_QUEUE_NAME,
    async () => {
      const before = new Date(Date.now() - settings.retentionDays * 86_400_000);
      const removed = await purgeUsageEvents(database.db, before);
      logger.info({ removed, before: before.toISOString() }, 'usage retention ran');
      return { removed };
    },
    { connection: connection(), prefix, concurrency: 1 },
  );
  maintenanceWorker.on('error', (error) => logger.warn({ err: error.message }, 'maintenance worker connection error'));

  logger.info({ queue: USAGE_QUEUE_NAME, concurrency: settings.concurrency }, 'usage worker started');
  return {
    get processed() {
      return processed;
    },
    async close() {
      await usageWorker.close();
      await maintenanceWorker.close();
      await maintenance.close();
      await database.close();
    },
  };
}
