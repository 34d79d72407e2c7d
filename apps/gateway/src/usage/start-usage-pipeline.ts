import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, purgeExpiredStoredResponses } from '@switchboard/db';
import {
  applyUsageRetention,
  BullmqUsageSink,
  DatabaseUsageSink,
  ResilientUsageSink,
  UsageBatcher,
  type UsageSink,
  UsageSpool,
} from '@switchboard/usage';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics';

export interface UsagePipelineOptions {
  db: Database;
  logger: Logger;
  /** With Redis: events go to the BullMQ queue for apps/worker. Without: ingested in-process. */
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Where the spool file lives when the queue is unreachable. */
  dataDirectory: string;
  /** Embedded mode removes raw events older than this itself (with Redis, the worker does). */
  retentionDays: number;
  /** Distinct tags and end users per key and day with rollup rows of their own (embedded ingest). */
  attributionLimit?: number;
  flushIntervalMs?: number;
  metrics: GatewayMetrics;
}

export interface UsagePipeline {
  /** Takes the gateway's usage events (the GatewayContext's UsageRecorder). */
  batcher: UsageBatcher;
  /** The queue sink when Redis is used (its depth is a useful gauge). */
  queue: BullmqUsageSink | undefined;
  /** Flushes every pending event (to the queue, the spool or the database) and stops. */
  close(): Promise<void>;
}

const RETENTION_INTERVAL_MS = 60 * 60_000;

/**
 * The gateway's side of the usage pipeline: an in-memory batcher in front of either the BullMQ
 * queue (REDIS_URL set) or, in the embedded default, the database directly with the worker's own
 * ingestion code; either way a spool file under the data directory catches what it cannot take.
 */
export function startUsagePipeline(options: UsagePipelineOptions): UsagePipeline {
  const { logger } = options;
  let primary: UsageSink;
  let queue: BullmqUsageSink | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  if (options.redisUrl) {
    queue = new BullmqUsageSink({ redisUrl: options.redisUrl, prefix: options.redisPrefix });
    primary = queue;
  } else {
    primary = new DatabaseUsageSink(options.db, {
      attributionLimit: options.attributionLimit,
      onParked: (requestId, reason) => {
        options.metrics.usageEventsParked({}, 1);
        logger.error({ requestId, reason }, 'usage event refused by the database; parked in usage_dead_letters');
      },
    });
    const purge = async () => {
      try {
        const { removed, before } = await applyUsageRetention(options.db, options.retentionDays);
        if (removed > 0) logger.info({ removed, before: before.toISOString() }, 'removed raw usage events past retention');
        const responses = await purgeExpiredStoredResponses(options.db);
        if (responses > 0) logger.info({ removed: responses }, 'removed stored responses past retention');
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'usage retention failed; will retry');
      }
    };
    retentionTimer = setInterval(() => void purge(), RETENTION_INTERVAL_MS);
    retentionTimer.unref();
  }
  // Whichever stores the events, what it cannot take right now waits on disk, not in memory.
  const destination = queue ? 'queue' : 'database';
  mkdirSync(options.dataDirectory, { recursive: true, mode: 0o700 });
  const spool = new UsageSpool(join(options.dataDirectory, 'usage-spool.jsonl'));
  const sink = new ResilientUsageSink(primary, spool, {
    onSpooled: (events, error) => {
      options.metrics.usageSpooling(1);
      logger.warn(
        { events, err: (error as Error).message, spool: spool.path },
        `usage ${destination} unreachable; spooling usage events to disk until it is back`,
      );
    },
    onAppended: (events) => options.metrics.usageEventsSpooled({}, events),
    onReplayFailed: (error) =>
      logger.warn(
        { err: (error as Error).message, spool: spool.path },
        `usage events in the spool could not be delivered to the ${destination} yet; retrying every second`,
      ),
    onReplayed: (events, unreadable) => {
      options.metrics.usageSpooling(0);
      logger.info({ events, unreadable }, `usage ${destination} reachable again; replayed the spooled usage events`);
    },
  });
  const batcher = new UsageBatcher(sink, {
    flushIntervalMs: options.flushIntervalMs ?? 50,
    onError: (error, events) =>
      logger.error({ err: (error as Error).message, events }, 'usage events could not be stored; retrying'),
  });
  return {
    batcher,
    queue,
    async close() {
      clearInterval(retentionTimer);
      const left = await batcher.close();
      if (left.length > 0) {
        logger.error(
          { events: left.length, requestIds: left.slice(0, 20).map((event) => event.requestId) },
          'usage events could not be stored before shutdown',
        );
      }
      await sink.close();
    },
  };
}
