import type { Database } from '@switchboard/db';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { alertRetryDelay } from './alert-retry-delay';
import { ALERT_DELIVERY_ATTEMPTS, type AlertDeliveryContext, deliverAlertFiring } from './deliver-alert-firing';
import { evaluateAlerts } from './evaluate-alerts';

export const ALERT_EVALUATION_QUEUE_NAME = 'alert-evaluation';
export const ALERT_DELIVERY_QUEUE_NAME = 'alert-deliveries';

export interface AlertJobsOptions extends AlertDeliveryContext {
  db: Database;
  /** A new blocking-safe connection (maxRetriesPerRequest: null) per call. */
  connection: () => Redis;
  prefix: string;
  /** ALERTS_EVALUATE_EVERY_MS: how often the rules are evaluated (one job however many workers). */
  evaluateEveryMs: number;
  /** ALERTS_RETRY_BASE_MS: the first retry's wait; doubled per attempt up to one hour. */
  retryBaseMs: number;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

export interface RunningAlertJobs {
  /** Runs one evaluation now (tests and operators); the scheduled one keeps running too. */
  evaluateNow(now?: number): Promise<{ fired: string[]; requeued: string[] }>;
  /** Adds a delivery job for a firing (only the evaluator that inserted it calls this). */
  enqueue(firingId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The worker's alert jobs: a BullMQ job scheduler evaluates the rules (one run per interval across
 * every worker), and a delivery queue sends each firing with up to 8 attempts and exponential
 * backoff capped at one hour. Delivery jobs are keyed by the firing id, so an enqueue repeated by
 * a retrying caller adds nothing.
 */
export async function startAlertJobs(options: AlertJobsOptions): Promise<RunningAlertJobs> {
  const { db, prefix } = options;
  const deliveries = new Queue(ALERT_DELIVERY_QUEUE_NAME, { connection: options.connection(), prefix });
  deliveries.on('error', () => {});
  const enqueue = async (firingId: string) => {
    await deliveries.add(
      'deliver',
      { firingId },
      {
        jobId: firingId,
        attempts: ALERT_DELIVERY_ATTEMPTS,
        backoff: { type: 'alert' },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
  };
  const deliveryWorker = new Worker<{ firingId: string }>(
    ALERT_DELIVERY_QUEUE_NAME,
    async (job: Job<{ firingId: string }>) => deliverAlertFiring(db, job.data.firingId, job.attemptsMade + 1, options),
    {
      connection: options.connection(),
      prefix,
      concurrency: 4,
      settings: { backoffStrategy: (attemptsMade: number) => alertRetryDelay(attemptsMade, options.retryBaseMs) },
    },
  );
  deliveryWorker.on('failed', (job, error) =>
    options.log.warn({ firing: job?.data.firingId, attempt: job?.attemptsMade, err: error.message }, 'alert delivery failed'),
  );
  deliveryWorker.on('error', (error) => options.log.warn({ err: error.message }, 'alert delivery worker connection error'));

  const evaluateNow = (now?: number) =>
    evaluateAlerts(db, {
      ...(now === undefined ? {} : { now }),
      enqueue,
      onError: (alertId, error) => options.log.warn({ alertId, err: (error as Error).message }, 'alert evaluation failed'),
    });
  const evaluation = new Queue(ALERT_EVALUATION_QUEUE_NAME, { connection: options.connection(), prefix });
  evaluation.on('error', () => {});
  await evaluation.upsertJobScheduler('alert-evaluation', { every: options.evaluateEveryMs }, { name: 'evaluate-alerts' });
  const evaluationWorker = new Worker(
    ALERT_EVALUATION_QUEUE_NAME,
    async () => {
      const { fired } = await evaluateNow();
      if (fired.length > 0) options.log.info({ fired: fired.length }, 'alerts fired');
      return { fired: fired.length };
    },
    { connection: options.connection(), prefix, concurrency: 1 },
  );
  evaluationWorker.on('error', (error) => options.log.warn({ err: error.message }, 'alert evaluation worker connection error'));

  return {
    evaluateNow,
    enqueue,
    async close() {
      await evaluationWorker.close();
      await evaluation.close();
      await deliveryWorker.close();
      await deliveries.close();
    },
  };
}
