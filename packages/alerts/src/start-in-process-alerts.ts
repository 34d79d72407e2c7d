import type { Database } from '@switchboard/db';
import { alertRetryDelay } from './alert-retry-delay';
import { ALERT_DELIVERY_ATTEMPTS, type AlertDeliveryContext, deliverAlertFiring } from './deliver-alert-firing';
import { evaluateAlerts } from './evaluate-alerts';
import type { RunningAlertJobs } from './start-alert-jobs';

export interface InProcessAlertsOptions extends AlertDeliveryContext {
  db: Database;
  evaluateEveryMs: number;
  retryBaseMs: number;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

/**
 * The embedded mode's alerts (no Redis, so no BullMQ): a timer evaluates like the worker's job
 * scheduler, as the embedded retention timer does, and deliveries retry on timers with the same
 * schedule. A restart forgets pending retries; the firing's row still shows them as pending.
 */
export function startInProcessAlerts(options: InProcessAlertsOptions): RunningAlertJobs {
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const attemptDelivery = async (firingId: string, attempt: number): Promise<void> => {
    try {
      await deliverAlertFiring(options.db, firingId, attempt, options);
    } catch (error) {
      options.log.warn({ firing: firingId, attempt, err: (error as Error).message }, 'alert delivery failed');
      if (closed || attempt >= ALERT_DELIVERY_ATTEMPTS) return;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          void attemptDelivery(firingId, attempt + 1);
        },
        alertRetryDelay(attempt, options.retryBaseMs),
      );
      timer.unref();
      timers.add(timer);
    }
  };
  const enqueue = async (firingId: string) => {
    void attemptDelivery(firingId, 1);
  };
  const evaluateNow = (now?: number) =>
    evaluateAlerts(options.db, {
      ...(now === undefined ? {} : { now }),
      enqueue,
      onError: (alertId, error) => options.log.warn({ alertId, err: (error as Error).message }, 'alert evaluation failed'),
    });
  const interval = setInterval(() => {
    evaluateNow().catch((error: Error) => options.log.warn({ err: error.message }, 'alert evaluation failed; will retry'));
  }, options.evaluateEveryMs);
  interval.unref();
  return {
    evaluateNow,
    enqueue,
    async close() {
      closed = true;
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
