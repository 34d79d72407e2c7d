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
  /** USAGE_SPOOL_LIMIT_BYTES: the spool file's size limit (default 256 MiB). */
  spoolLimitBytes?: number;
  /** USAGE_MEMORY_LIMIT_EVENTS: undelivered events held in memory at most (default 20,000). */
  memoryLimitEvents?: number;
  /** USAGE_WHEN_UNSTORABLE=serve: keep serving and drop usage past the limits (default: refuse with 503). */
  serveWhenUnstorable?: boolean;
}

export interface UsagePipelineState {
  /** Events are going to the spool file (the queue or database cannot take them). */
  spoolInUse: boolean;
  spoolBytes: number;
  spoolLimitBytes: number;
  /** The spool refused the last write (its limit, or the disk full). */
  spoolFull: boolean;
  /** Events held in memory because neither the store nor the spool took them. */
  pendingEvents: number;
  /** Spool and memory both full: new requests are refused (unless serving while losing usage). */
  unstorable: boolean;
}

export interface UsagePipeline {
  /** Takes the gateway's usage events (the GatewayContext's UsageRecorder). */
  batcher: UsageBatcher;
  /** The queue sink when Redis is used (its depth is a useful gauge). */
  queue: BullmqUsageSink | undefined;
  state(): UsagePipelineState;
  /** True while new requests must be refused because their usage could not be kept (DESIGN.md 12). */
  refusing(): boolean;
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
  const spool = new UsageSpool(join(options.dataDirectory, 'usage-spool.jsonl'), {
    ...(options.spoolLimitBytes !== undefined ? { limitBytes: options.spoolLimitBytes } : {}),
  });
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
  let failing = false;
  let unstorable = false;
  const report = () => {
    options.metrics.usageSpoolFull(spool.full ? 1 : 0);
    options.metrics.usageSpoolBytes(spool.bytes);
    const now = batcher.full && spool.full;
    if (now !== unstorable) {
      unstorable = now;
      options.metrics.usageUnstorable(now ? 1 : 0);
      if (now)
        logger.error(
          { spool: spool.path, spoolLimitBytes: spool.limitBytes, pending: batcher.pending },
          options.serveWhenUnstorable
            ? 'usage cannot be stored (store unreachable, spool and memory full): serving and DROPPING usage (USAGE_WHEN_UNSTORABLE=serve)'
            : 'usage cannot be stored (store unreachable, spool and memory full): refusing new requests with 503 until it can',
        );
      else logger.info('usage can be kept again; serving normally');
    }
  };
  const batcher = new UsageBatcher(sink, {
    flushIntervalMs: options.flushIntervalMs ?? 50,
    ...(options.memoryLimitEvents !== undefined ? { maxPendingEvents: options.memoryLimitEvents } : {}),
    dropWhenFull: options.serveWhenUnstorable ?? false,
    onDropped: (events) => options.metrics.usageEventsDropped({}, events),
    // One line per state change, not one per retry.
    onError: (error, events) => {
      if (!failing)
        logger.error(
          { err: (error as Error).message, events },
          'usage events could be stored neither by the store nor in the spool; held in memory and retried every second',
        );
      failing = true;
      report();
    },
    onRecovered: () => {
      failing = false;
      logger.info({ pending: batcher.pending }, 'usage events are being stored again');
      report();
    },
  });
  const state = (): UsagePipelineState => ({
    spoolInUse: sink.degraded,
    spoolBytes: spool.bytes,
    spoolLimitBytes: spool.limitBytes,
    spoolFull: spool.full,
    pendingEvents: batcher.pending,
    unstorable: batcher.full && spool.full,
  });
  return {
    batcher,
    queue,
    state,
    refusing: () => {
      const now = batcher.full && spool.full;
      if (now !== unstorable) report();
      return now && !options.serveWhenUnstorable;
    },
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
