import { createDatabase, type DatabaseHandle, queryRows, usageEvents } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestUsageEvents } from './ingest-usage-events';
import { purgeUsageEvents } from './purge-usage-events';
import { queryUsage } from './query-usage';
import { makeUsageEvent } from './testing/make-usage-event';

let testDatabase: TestDatabase;
let first: DatabaseHandle;
let second: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  first = await createDatabase({ url: testDatabase.url, maxConnections: 4 });
  await first.migrate();
  // A second pool plays a second worker process.
  second = await createDatabase({ url: testDatabase.url, maxConnections: 4 });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await testDatabase?.drop();
});
beforeEach(async () => {
  await first.db.execute(sql`truncate usage_events, usage_rollups`);
});

async function rollupSums(granularity: string) {
  const [row] = await queryRows<Record<string, string>>(
    first.db,
    sql`select count(*)::int as buckets, coalesce(sum(requests),0)::int as requests, coalesce(sum(errors),0)::int as errors,
               coalesce(sum(input_tokens),0)::int as input, coalesce(sum(output_tokens),0)::int as output,
               coalesce(sum(cost_micros),0)::int as cost
        from usage_rollups where granularity = ${granularity}`,
  );
  return row!;
}

describe('ingestUsageEvents', () => {
  it('stores each event once and adds it to the minute, hour and day rollups', async () => {
    const at = Date.UTC(2026, 10, 29, 10, 15, 30);
    const events = [
      makeUsageEvent({ occurredAt: at, inputTokens: 10, outputTokens: 5, costMicros: 7, cacheSavingsMicros: 3 }),
      makeUsageEvent({ occurredAt: at + 10_000, inputTokens: 20, outputTokens: 6, costMicros: 11, cacheSavingsMicros: 4 }),
      // Next minute, same hour; an error counts as a request and an error.
      makeUsageEvent({ occurredAt: at + 60_000, outcome: 'upstream_error', inputTokens: 0, outputTokens: 0, costMicros: 0 }),
      // Another key and provider.
      makeUsageEvent({ occurredAt: at, apiKeyId: 'key_b', providerId: 'openai', model: 'gpt-5-mini', costMicros: 100 }),
    ];
    expect(await ingestUsageEvents(first.db, events)).toEqual({ inserted: 4, duplicates: 0 });
    expect(await rollupSums('minute')).toEqual({ buckets: 3, requests: 4, errors: 1, input: 130, output: 61, cost: 118 });
    expect(await rollupSums('hour')).toEqual({ buckets: 2, requests: 4, errors: 1, input: 130, output: 61, cost: 118 });
    expect(await rollupSums('day')).toEqual({ buckets: 2, requests: 4, errors: 1, input: 130, output: 61, cost: 118 });
    const [minute] = await queryRows<Record<string, unknown>>(
      first.db,
      sql`select requests::int, cost_micros::int, cache_savings_micros::int from usage_rollups
          where granularity = 'minute' and api_key_id = 'key_a' and bucket_start = '2026-11-29T10:15:00Z'`,
    );
    expect(minute).toEqual({ requests: 2, cost_micros: 18, cache_savings_micros: 7 });
  });

  it('a redelivered batch, or a batch repeating an event, changes nothing', async () => {
    const events = [makeUsageEvent(), makeUsageEvent()];
    await ingestUsageEvents(first.db, events);
    expect(await ingestUsageEvents(first.db, events)).toEqual({ inserted: 0, duplicates: 2 });
    const third = makeUsageEvent();
    expect(await ingestUsageEvents(first.db, [events[0]!, third, third])).toEqual({ inserted: 1, duplicates: 2 });
    expect(await rollupSums('day')).toMatchObject({ requests: 3 });
    expect(await first.db.$count(usageEvents)).toBe(3);
  });

  it('two workers ingesting overlapping batches at once never double-count', async () => {
    const events = Array.from({ length: 400 }, (_, index) =>
      makeUsageEvent({ occurredAt: Date.UTC(2026, 10, 29, 10, index % 3), apiKeyId: `key_${index % 4}`, costMicros: index }),
    );
    const batches = [events.slice(0, 250), events.slice(150), events.slice(100, 300), events];
    const results = await Promise.all(
      batches.map((batch, index) => ingestUsageEvents((index % 2 === 0 ? first : second).db, batch)),
    );
    expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(400);
    const expectedCost = events.reduce((sum, event) => sum + event.costMicros, 0);
    for (const granularity of ['minute', 'hour', 'day'])
      expect(await rollupSums(granularity)).toMatchObject({ requests: 400, cost: expectedCost });
  });
});

describe('queryUsage', () => {
  it('buckets, groups, filters and totals from the rollups', async () => {
    const day = Date.UTC(2026, 10, 29);
    await ingestUsageEvents(first.db, [
      makeUsageEvent({ occurredAt: day + 3_600_000, providerId: 'deepseek', costMicros: 10 }),
      makeUsageEvent({ occurredAt: day + 3_600_000 + 5, providerId: 'openai', model: 'gpt-5-mini', costMicros: 30 }),
      makeUsageEvent({ occurredAt: day + 2 * 3_600_000, providerId: 'deepseek', outcome: 'client_aborted', costMicros: 5 }),
      // Outside the range.
      makeUsageEvent({ occurredAt: day - 1, providerId: 'deepseek', costMicros: 1_000 }),
    ]);
    const range = { fromMs: day, toMs: day + 86_400_000 };
    const byProvider = await queryUsage(first.db, { ...range, granularity: 'hour', groupBy: ['provider'] });
    expect(byProvider.source).toBe('hour');
    expect(
      byProvider.rows.map((row) => [new Date(row.bucketStartMs!).getUTCHours(), row.provider, row.requests, row.costMicros]),
    ).toEqual([
      [1, 'openai', 1, 30],
      [1, 'deepseek', 1, 10],
      [2, 'deepseek', 1, 5],
    ]);
    expect(byProvider.totals).toMatchObject({ requests: 3, errors: 1, costMicros: 45 });

    const total = await queryUsage(first.db, { ...range, granularity: 'total', groupBy: ['key', 'model'] });
    expect(total.source).toBe('day');
    expect(total.rows.map((row) => [row.apiKeyId, row.model, row.costMicros])).toEqual([
      ['key_a', 'gpt-5-mini', 30],
      ['key_a', 'deepseek-v4-flash', 15],
    ]);

    const filtered = await queryUsage(first.db, { ...range, granularity: 'total', groupBy: [], provider: 'openai' });
    expect(filtered.rows).toHaveLength(1);
    expect(filtered.totals).toMatchObject({ requests: 1, costMicros: 30 });

    // A range that does not fall on day boundaries is read from finer rollups, never over-counted.
    const partial = await queryUsage(first.db, {
      fromMs: day + 90 * 60_000,
      toMs: day + 86_400_000,
      granularity: 'total',
      groupBy: [],
    });
    expect(partial.source).toBe('minute');
    expect(partial.totals).toMatchObject({ requests: 1, costMicros: 5 });

    const empty = await queryUsage(first.db, {
      fromMs: day + 86_400_000,
      toMs: day + 2 * 86_400_000,
      granularity: 'total',
      groupBy: [],
    });
    expect(empty.rows).toEqual([]);
    expect(empty.totals.requests).toBe(0);
  });
});

describe('purgeUsageEvents', () => {
  it('removes raw events older than the cut-off in batches and keeps the rollups', async () => {
    const old = Array.from({ length: 23 }, () => makeUsageEvent({ occurredAt: Date.UTC(2026, 0, 1) }));
    const recent = makeUsageEvent({ occurredAt: Date.UTC(2026, 10, 1) });
    await ingestUsageEvents(first.db, [...old, recent]);
    expect(await purgeUsageEvents(first.db, new Date(Date.UTC(2026, 5, 1)), { batchSize: 5 })).toBe(23);
    expect(await first.db.$count(usageEvents)).toBe(1);
    expect(await rollupSums('day')).toMatchObject({ requests: 24 });
  });
});
