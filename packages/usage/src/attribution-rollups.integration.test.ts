import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestUsageEvents } from './ingest-usage-events';
import { queryUsage } from './query-usage';
import { makeUsageEvent } from './testing/make-usage-event';

let testDatabase: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  handle = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  await handle.migrate();
});
afterAll(async () => {
  await handle?.close();
  await testDatabase?.drop();
});
beforeEach(async () => {
  await handle.db.execute(sql`truncate usage_events, usage_rollups, usage_attribution_rollups, usage_attribution_values`);
});

const DAY = Date.UTC(2026, 11, 2);
const range = { fromMs: DAY, toMs: DAY + 86_400_000 };

async function count(table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${table}`));
  return Number(row?.n);
}

describe('attribution rollups (tags and end users, real Postgres)', () => {
  it('groups and filters by tag and end user; grouped by tag an event is in each of its rows, the totals count it once', async () => {
    await ingestUsageEvents(handle.db, [
      makeUsageEvent({
        requestId: 'req_1',
        apiKeyId: 'key_a',
        occurredAt: DAY + 1,
        tags: ['checkout', 'prod'],
        endUser: 'alice',
        costPicos: 1_500_000,
        costMicros: 2,
      }),
      makeUsageEvent({
        requestId: 'req_2',
        apiKeyId: 'key_a',
        occurredAt: DAY + 2,
        tags: ['prod'],
        endUser: 'bob',
        costPicos: 2_500_000,
        costMicros: 3,
      }),
      makeUsageEvent({
        requestId: 'req_3',
        apiKeyId: 'key_a',
        occurredAt: DAY + 3,
        costPicos: 1_000_001,
        costMicros: 1,
        cacheSavingsPicos: 2_600_000,
      }),
    ]);
    const byTag = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: ['tag'] });
    const requestsByTag = Object.fromEntries(byTag.rows.map((row) => [String(row.tag), row.requests]));
    expect(requestsByTag).toEqual({ prod: 2, checkout: 1, null: 1 });
    expect(byTag.totals.requests).toBe(3);
    const plain = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: [] });
    expect(byTag.totals).toEqual(plain.totals);
    expect(plain.totals.costMicros).toBe(5);
    expect(plain.totals.cacheSavingsMicros).toBe(3);
    const byKey = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: ['key'] });
    expect(byKey.rows).toMatchObject([{ apiKeyId: 'key_a', cacheSavingsMicros: 3 }]);

    const byUser = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: ['user'] });
    expect(Object.fromEntries(byUser.rows.map((row) => [String(row.user), row.requests]))).toEqual({
      alice: 1,
      bob: 1,
      null: 1,
    });
    expect(byUser.totals).toEqual(plain.totals);

    const prod = await queryUsage(handle.db, { ...range, granularity: 'day', groupBy: ['user'], tag: 'prod' });
    expect(prod.totals.requests).toBe(2);
    expect(prod.totals.costMicros).toBe(4);
    const bob = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: ['tag', 'user'], user: 'bob' });
    expect(bob.rows).toMatchObject([{ tag: 'prod', user: 'bob', requests: 1 }]);
  });

  it('a client sending 1,000 random tags and end users: at most the limit of values per key and day get rows, the rest are "(other)", totals exact', async () => {
    const events = Array.from({ length: 1_000 }, (_, index) =>
      makeUsageEvent({
        requestId: `req_${index}`,
        apiKeyId: 'key_hostile',
        occurredAt: DAY + index * 1_000,
        tags: [`random-${index}`],
        endUser: `user-${index}`,
        costPicos: 1_234_567,
        costMicros: 1,
      }),
    );
    for (let start = 0; start < events.length; start += 250) {
      await ingestUsageEvents(handle.db, events.slice(start, start + 250), { attributionLimit: 100 });
    }
    expect(await count(`usage_attribution_values where dimension = 'tag'`)).toBe(100);
    expect(await count(`usage_attribution_values where dimension = 'user'`)).toBe(100);
    // Per tag row ('*' plus 100 tags plus other) times the end users each saw: bounded, far below 1,000 x 1,000.
    expect(await count('usage_attribution_rollups')).toBeLessThanOrEqual(2 * 101 + 101);
    const byTag = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: ['tag'] });
    expect(byTag.rows).toHaveLength(101);
    expect(byTag.rows.find((row) => row.tag === '(other)')?.requests).toBe(900);
    const plain = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: [] });
    expect(plain.totals.requests).toBe(1_000);
    expect(plain.totals.costMicros).toBe(1_235); // 1,000 x 1.234567 micro-dollars, rounded once
    expect(byTag.totals).toEqual(plain.totals);
    const byUser = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: ['user'] });
    expect(byUser.rows).toHaveLength(101);
    expect(byUser.totals).toEqual(plain.totals);
    const other = await queryUsage(handle.db, { ...range, granularity: 'total', groupBy: [], user: '(other)' });
    expect(other.totals.requests).toBe(900);
  });

  it('refuses minute and hour granularities with tags', async () => {
    await expect(queryUsage(handle.db, { ...range, granularity: 'hour', groupBy: ['tag'] })).rejects.toThrow(/per UTC day/);
  });
});
