import { createDatabase, type DatabaseHandle, queryRows, usageDeadLetters, usageEvents } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeUsageBatch } from './store-usage-batch';
import { makeUsageEvent } from './testing/make-usage-event';
import type { UsageEvent } from './usage-event';

let testDatabase: TestDatabase;
let database: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  await database.migrate();
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});
beforeEach(async () => {
  await database.db.execute(sql`truncate usage_events, usage_rollups, usage_dead_letters`);
});

/** What an older gateway produced for `1e300` reported tokens: a cost no bigint column holds. */
const poisoned = (overrides: Partial<UsageEvent> = {}) =>
  makeUsageEvent({ costMicros: 1e300, apiKeyId: 'key_poison', ...overrides });

describe('storeUsageBatch', () => {
  it('stores every other event of a batch holding a poisoned one, and parks the poisoned one where it can be seen', async () => {
    const good = [makeUsageEvent({ apiKeyId: 'key_a', costMicros: 40 }), makeUsageEvent({ apiKeyId: 'key_b', costMicros: 2 })];
    const bad = poisoned();
    const parkedIds: string[] = [];
    const result = await storeUsageBatch(database.db, [good[0]!, bad, good[1]!], {
      onParked: (requestId) => parkedIds.push(requestId),
    });
    expect(result).toEqual({ inserted: 2, duplicates: 0, parked: 1 });
    expect(parkedIds).toEqual([bad.requestId]);
    expect(await database.db.$count(usageEvents)).toBe(2);
    const [day] = await queryRows<{ requests: number; cost: number }>(
      database.db,
      sql`select sum(requests)::int as requests, sum(cost_micros)::int as cost from usage_rollups where granularity = 'day'`,
    );
    expect(day).toEqual({ requests: 2, cost: 42 });
    const [letter] = await database.db.select().from(usageDeadLetters);
    expect(letter).toMatchObject({ requestId: bad.requestId, failures: 1 });
    expect(JSON.parse(letter!.event)).toEqual(bad);
    expect(letter!.error).toMatch(/^22P02: invalid input syntax for type bigint/);
  });

  it('a redelivered batch adds nothing twice: the stored events are duplicates, the parked one counts a second failure', async () => {
    const batch = [makeUsageEvent(), poisoned({ inputTokens: 'many' as unknown as number, costMicros: 1 })];
    expect(await storeUsageBatch(database.db, batch)).toEqual({ inserted: 1, duplicates: 0, parked: 1 });
    expect(await storeUsageBatch(database.db, batch)).toEqual({ inserted: 0, duplicates: 1, parked: 1 });
    const [letter] = await database.db.select().from(usageDeadLetters);
    expect(letter).toMatchObject({ requestId: batch[1]!.requestId, failures: 2 });
    expect(letter!.error).toMatch(/invalid input syntax for type integer/);
    expect(await database.db.$count(usageEvents)).toBe(1);
  });

  it('an event that cannot become a row (an invalid time, no request id) is parked too, under a new id', async () => {
    const broken = makeUsageEvent({ occurredAt: Number.NaN, requestId: undefined as unknown as string });
    const result = await storeUsageBatch(database.db, [makeUsageEvent(), broken]);
    expect(result).toEqual({ inserted: 1, duplicates: 0, parked: 1 });
    const [letter] = await database.db.select().from(usageDeadLetters);
    expect(letter!.requestId).toMatch(/^req_[0-9A-Za-z]{20}$/);
  });

  it('a sound batch takes the one-statement path; a database that does not answer rejects the batch for a retry', async () => {
    expect(await storeUsageBatch(database.db, [makeUsageEvent(), makeUsageEvent()])).toEqual({
      inserted: 2,
      duplicates: 0,
      parked: 0,
    });
    const closed = await createDatabase({ url: testDatabase.url, maxConnections: 1 });
    await closed.close();
    await expect(storeUsageBatch(closed.db, [poisoned()])).rejects.toThrow();
    expect(await database.db.$count(usageDeadLetters)).toBe(0);
  });
});
