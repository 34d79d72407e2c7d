import { type RunningAlertJobs, startAlertJobs } from '@switchboard/alerts';
import { createDatabase, purgeExpiredStoredResponses } from '@switchboard/db';
import {
  applyUsageRetention,
  createRedisConnection,
  describeDatabaseRefusal,
  storeUsageBatch,
  USAGE_QUEUE_NAME,
  type UsageJobData,
  usageQueuePrefix,
} from '@switchboard/usage';
import type { KeyWrapper } from '@switchboard/vault';
import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { processMetrics } from './process-metrics';
import { serveWorkerStatus } from './serve-worker-status';
import type { WorkerSettings } from './worker-settings';

const missingKekWrapper: KeyWrapper = {
  currentKekId: '',
  canUnwrap: () => false,
  wrap: () => Promise.reject(new Error('VAULT_KEK is not set in the worker')),
  unwrap: () => Promise.reject(new Error('VAULT_KEK is not set in the worker')),
};

const MAINTENANCE_QUEUE_NAME = 'usage-maintenance';
const RETENTION_EVERY_MS = 60 * 60_000;

export interface RunningUsageWorker {
  /** Usage batches ingested by this process (redeliveries included). */
  readonly processed: number;
  /** `/healthz` and `/metrics`, when WORKER_PORT is set. */
  readonly statusUrl: string | undefined;
  /** The alert jobs (evaluation scheduler and deliveries), when settings.alerts is set. */
  readonly alerts: RunningAlertJobs | undefined;
  /** Waits for the batch in progress, then stops; a batch not acknowledged is redelivered elsewhere. */
  close(): Promise<void>;
}

/**
 * One usage worker process: drains the usage queue into Postgres (each batch in one transaction,
 * events unique by request id, rollups added in the same transaction; a batch the database
 * refuses is stored row by row and the rows it still refuses are parked in usage_dead_letters,
 * logged and counted), and runs the retention job
 * on a BullMQ job scheduler, so however many workers run, it runs once an hour.
 */
export async function startUsageWorker(settings: WorkerSettings, logger: Logger): Promise<RunningUsageWorker> {
  const database = await createDatabase({ url: settings.databaseUrl, maxConnections: settings.concurrency + 1 });
  await database.migrate();
  const prefix = usageQueuePrefix(settings.redisPrefix);
  // Workers block on Redis, so their connection must retry forever rather than fail a command.
  const connection = () => createRedisConnection(settings.redisUrl, { maxRetriesPerRequest: null });
  let processed = 0;
  let inserted = 0;
  let duplicates = 0;
  let failed = 0;
  let parked = 0;

  const usageWorker = new Worker<UsageJobData>(
    USAGE_QUEUE_NAME,
    async (job: Job<UsageJobData>) => {
      const result = await storeUsageBatch(database.db, job.data.events, {
        attributionLimit: settings.attributionLimit,
        onParked: (requestId, reason) => {
          parked++;
          logger.error({ job: job.id, requestId, reason }, 'usage event refused by the database; parked in usage_dead_letters');
        },
      });
      processed++;
      inserted += result.inserted;
      duplicates += result.duplicates;
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
  usageWorker.on('failed', (job, error) => {
    failed++;
    logger.error(
      { job: job?.id, attempt: job?.attemptsMade, err: describeDatabaseRefusal(error) },
      'usage batch failed; it will be retried',
    );
  });
  usageWorker.on('error', (error) => logger.warn({ err: error.message }, 'usage worker connection error'));

  const maintenance = new Queue(MAINTENANCE_QUEUE_NAME, { connection: connection(), prefix });
  maintenance.on('error', () => {});
  await maintenance.upsertJobScheduler('usage-retention', { every: RETENTION_EVERY_MS }, { name: 'purge-usage-events' });
  const maintenanceWorker = new Worker(
    MAINTENANCE_QUEUE_NAME,
    async () => {
      const { removed, before } = await applyUsageRetention(database.db, settings.retentionDays);
      // Stored Responses API answers carry their own expiry (RESPONSES_RETENTION_DAYS at the gateway).
      const storedResponses = await purgeExpiredStoredResponses(database.db);
      logger.info({ removed, storedResponses, before: before.toISOString() }, 'usage retention ran');
      return { removed, storedResponses };
    },
    { connection: connection(), prefix, concurrency: 1 },
  );
  maintenanceWorker.on('error', (error) => logger.warn({ err: error.message }, 'maintenance worker connection error'));

  const alertSettings = settings.alerts;
  const alerts = alertSettings
    ? await startAlertJobs({
        db: database.db,
        connection,
        prefix,
        // Without VAULT_KEK a webhook cannot be signed: the attempt fails with the vault's reason.
        wrapper: alertSettings.wrapper ?? missingKekWrapper,
        egress: alertSettings.egress,
        ...(alertSettings.smtpUrl ? { smtpUrl: alertSettings.smtpUrl } : {}),
        ...(alertSettings.emailFrom ? { emailFrom: alertSettings.emailFrom } : {}),
        evaluateEveryMs: alertSettings.evaluateEveryMs,
        retryBaseMs: alertSettings.retryBaseMs,
        log: logger,
      })
    : undefined;

  const usageQueue = new Queue(USAGE_QUEUE_NAME, { connection: connection(), prefix });
  usageQueue.on('error', () => {});
  const status =
    settings.statusPort === undefined
      ? undefined
      : await serveWorkerStatus(
          {
            running: () => usageWorker.isRunning(),
            metrics: async () =>
              [
                '# HELP switchboard_worker_batches_total Usage batches this worker ingested.',
                '# TYPE switchboard_worker_batches_total counter',
                `switchboard_worker_batches_total ${processed}`,
                '# HELP switchboard_worker_events_inserted_total Usage events this worker stored.',
                '# TYPE switchboard_worker_events_inserted_total counter',
                `switchboard_worker_events_inserted_total ${inserted}`,
                '# HELP switchboard_worker_events_duplicate_total Usage events already stored (redelivered), ignored.',
                '# TYPE switchboard_worker_events_duplicate_total counter',
                `switchboard_worker_events_duplicate_total ${duplicates}`,
                '# HELP switchboard_worker_batches_failed_total Usage batch attempts that failed (each is retried).',
                '# TYPE switchboard_worker_batches_failed_total counter',
                `switchboard_worker_batches_failed_total ${failed}`,
                '# HELP switchboard_worker_events_parked_total Usage events the database refused one by one, kept in usage_dead_letters.',
                '# TYPE switchboard_worker_events_parked_total counter',
                `switchboard_worker_events_parked_total ${parked}`,
                await usageQueue.exportPrometheusMetrics(),
                await processMetrics(),
              ].join('\n'),
          },
          settings.statusPort,
          settings.statusHost,
        );

  logger.info({ queue: USAGE_QUEUE_NAME, concurrency: settings.concurrency, status: status?.url }, 'usage worker started');
  return {
    get processed() {
      return processed;
    },
    statusUrl: status?.url,
    alerts,
    async close() {
      await status?.close();
      await alerts?.close();
      await usageQueue.close();
      await usageWorker.close();
      await maintenanceWorker.close();
      await maintenance.close();
      await database.close();
    },
  };
}
