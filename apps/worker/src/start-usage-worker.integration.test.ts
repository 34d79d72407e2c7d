import { createDatabase, type DatabaseHandle, queryRows, usageDeadLetters, usageEvents } from '@switchboard/db';
import { createTestDatabase, redisUrl, type TestDatabase, uniqueRedisPrefix } from '@switchboard/testkit';
import { BullmqUsageSink, ingestUsageEvents, type UsageEvent } from '@switchboard/usage';
import { eq, inArray, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningUsageWorker, startUsageWorker } from './start-usage-worker';
import type { WorkerSettings } from './worker-settings';

const settingsFor = (databaseUrl: string): WorkerSettings => ({
  databaseUrl,
  redisUrl: redisUrl(),
  redisPrefix: prefix,
  concurrency: 1,
  retentionDays: 90,
  stalledIntervalMs: 30_000,
  logLevel: 'silent',
  statusPort: 0,
  statusHost: '127.0.0.1',
});

let testDatabase: TestDatabase;
let database: DatabaseHandle;
const prefix = uniqueRedisPrefix();

function event(index: number): UsageEvent {
  return {
    requestId: `req_worker_${index.toString().padStart(5, '0')}`,
    occurredAt: Date.UTC(2026, 10, 29, 12, index % 60),
    apiKeyId: `key_${index % 3}`,
    requestedModel: 'chat-default',
    model: index % 2 === 0 ? 'deepseek-v4-flash' : 'claude-haiku-4-5',
    providerId: index % 2 === 0 ? 'deepseek' : 'anthropic',
    upstreamModel: null,
    endpoint: 'chat.completions',
    stream: index % 4 === 0,
    outcome: index % 10 === 0 ? 'upstream_error' : 'success',
    attempts: 1,
    inputTokens: 100 + index,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: index,
    reasoningTokens: 0,
    costMicros: 3 * index,
    estimated: false,
    latencyMs: 50,
    firstTokenMs: null,
    errorCode: null,
  };
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  await database.migrate();
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
  const redis = new Redis(redisUrl());
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('usage workers', () => {
  it('two workers drain the queue into Postgres: every event once, rollups equal to the events, duplicates ignored', async () => {
    const settings: WorkerSettings = {
      databaseUrl: testDatabase.url,
      redisUrl: redisUrl(),
      redisPrefix: prefix,
      concurrency: 2,
      retentionDays: 90,
      stalledIntervalMs: 30_000,
      logLevel: 'silent',
      // An ephemeral port each, for /healthz and /metrics.
      statusPort: 0,
      statusHost: '127.0.0.1',
    };
    const logger = pino({ level: 'silent' });
    const sink = new BullmqUsageSink({ redisUrl: redisUrl(), prefix, eventsPerJob: 50 });
    // An event from long before the retention period: the retention job removes it, not its rollups.
    const ancient = { ...event(9_999), occurredAt: Date.UTC(2024, 0, 1) };
    await ingestUsageEvents(database.db, [ancient]);
    const events = Array.from({ length: 600 }, (_, index) => event(index));
    // Delivered in overlapping batches: 100 events arrive twice, as after a spool replay.
    await sink.deliver(events.slice(0, 350));
    await sink.deliver(events.slice(250));
    const workers: RunningUsageWorker[] = [await startUsageWorker(settings, logger), await startUsageWorker(settings, logger)];
    try {
      const deadline = Date.now() + 15_000;
      while ((await sink.depth()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await sink.depth()).toBe(0);
      // The retention job runs when the first worker starts, then hourly (once, however many workers).
      const retentionDeadline = Date.now() + 10_000;
      while ((await database.db.$count(usageEvents, eq(usageEvents.requestId, ancient.requestId))) > 0) {
        if (Date.now() > retentionDeadline) throw new Error('the retention job did not remove the old event');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [kept] = await queryRows<{ requests: number }>(
        database.db,
        sql`select sum(requests)::int as requests from usage_rollups where granularity = 'day' and bucket_start = '2024-01-01T00:00:00Z'`,
      );
      expect(kept).toEqual({ requests: 1 });
      expect(await database.db.$count(usageEvents)).toBe(600);
      // Every job was ingested by one of them (600 + 100 duplicates in jobs of 50).
      expect(workers.reduce((sum, worker) => sum + worker.processed, 0)).toBe(14);
      // Their status servers: alive, and together they count every event once and each duplicate.
      const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
      let insertedTotal = 0;
      let duplicateTotal = 0;
      for (const worker of workers) {
        const health = await fetch(`${worker.statusUrl}/healthz`);
        expect(health.status).toBe(200);
        const metrics = await (await fetch(`${worker.statusUrl}/metrics`)).text();
        insertedTotal += counter(metrics, 'switchboard_worker_events_inserted_total');
        duplicateTotal += counter(metrics, 'switchboard_worker_events_duplicate_total');
        expect(metrics).toMatch(/^bullmq_job_count\{queue="usage", state="waiting"\} 0$/m);
      }
      expect(insertedTotal).toBe(600);
      expect(duplicateTotal).toBe(100);
      const [sums] = await queryRows<Record<string, number>>(
        database.db,
        sql`select sum(requests)::int as requests, sum(errors)::int as errors, sum(output_tokens)::int as output,
                   sum(cost_micros)::int as cost from usage_rollups where granularity = 'hour' and bucket_start >= '2026-01-01'`,
      );
      expect(sums).toEqual({
        requests: 600,
        errors: 60,
        output: events.reduce((sum, item) => sum + item.outputTokens, 0),
        cost: events.reduce((sum, item) => sum + item.costMicros, 0),
      });
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await sink.close();
    }
  });

  it('a batch with one poisoned event stores every other event and parks the poisoned one, counted in a metric', async () => {
    const logs: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logs.push(line) });
    const sink = new BullmqUsageSink({ redisUrl: redisUrl(), prefix, eventsPerJob: 50 });
    // What a gateway without the sanitiser recorded for `1e300` tokens: a cost no bigint holds.
    const poisoned = { ...event(70_001), apiKeyId: 'key_poison', costMicros: 1e300 };
    const batch = [event(70_000), poisoned, event(70_002)];
    await sink.deliver(batch);
    const worker = await startUsageWorker(settingsFor(testDatabase.url), logger);
    try {
      const deadline = Date.now() + 15_000;
      while ((await sink.depth()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await sink.depth()).toBe(0);
      const ids = batch.map((item) => item.requestId);
      const storedIds = await database.db
        .select({ requestId: usageEvents.requestId })
        .from(usageEvents)
        .where(inArray(usageEvents.requestId, ids));
      expect(storedIds.map((row) => row.requestId).sort()).toEqual([ids[0], ids[2]]);
      const letters = await database.db.select().from(usageDeadLetters);
      expect(letters.map((letter) => letter.requestId)).toEqual([poisoned.requestId]);
      const metrics = await (await fetch(`${worker.statusUrl}/metrics`)).text();
      expect(metrics).toMatch(/^switchboard_worker_events_parked_total 1$/m);
      expect(metrics).toMatch(/^switchboard_worker_events_inserted_total 2$/m);
      // prom-client's process metrics follow the worker's own.
      expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds [\d.e+-]+$/m);
      const line = logs.find((text) => text.includes('usage_dead_letters'));
      expect(line).toContain(poisoned.requestId);
      expect(line).toContain('22P02');
    } finally {
      await worker.close();
      await sink.close();
    }
  });
});
