import { apiKeys, createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestUsageEvents } from './ingest-usage-events';
import { spentSince } from './spent-since';
import { makeUsageEvent } from './testing/make-usage-event';

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

const day = Date.UTC(2026, 10, 29);

function key(id: string, ledgerKeyId: string | null) {
  return { id, keyHash: `hash-${id}`, prefix: 'sb_live_abcd', last4: 'wxyz', name: id, ledgerKeyId };
}

describe('spentSince and refusals in the rollups', () => {
  it("seeds a team's budget from what was spent under it, and a rotated key's from every key sharing its ledger", async () => {
    await database.db.insert(apiKeys).values([key('key_old', null), key('key_new', 'key_old'), key('key_other', null)]);
    await ingestUsageEvents(database.db, [
      makeUsageEvent({ requestId: 'req_1', apiKeyId: 'key_old', teamId: 'team_red', costMicros: 100 }),
      makeUsageEvent({ requestId: 'req_2', apiKeyId: 'key_new', teamId: 'team_red', costMicros: 20 }),
      // The key moved: this spend is blue's, not red's.
      makeUsageEvent({ requestId: 'req_3', apiKeyId: 'key_new', teamId: 'team_blue', costMicros: 3 }),
      makeUsageEvent({ requestId: 'req_4', apiKeyId: 'key_other', teamId: null, costMicros: 4_000 }),
      // A refusal costs nothing and counts beside requests, by status and code.
      makeUsageEvent({
        requestId: 'req_5',
        apiKeyId: 'key_other',
        teamId: 'team_red',
        outcome: 'refused',
        status: 429,
        errorCode: 'rate_limit_exceeded',
        costMicros: 0,
      }),
    ]);
    expect(await spentSince(database.db, 'team_red', day)).toBe(120);
    expect(await spentSince(database.db, 'team_blue', day)).toBe(3);
    expect(await spentSince(database.db, 'key_old', day)).toBe(123);
    expect(await spentSince(database.db, 'key_other', day)).toBe(4_000);
    const [totals] = await queryRows<{ requests: number; refused: number; errors: number }>(
      database.db,
      sql`select sum(requests)::int as requests, sum(refused)::int as refused, sum(errors)::int as errors
          from usage_rollups where granularity = 'day'`,
    );
    expect(totals).toEqual({ requests: 4, refused: 1, errors: 0 });
    const refusals = await queryRows(
      database.db,
      sql`select api_key_id, team_id, status, code, refused::int as refused from usage_refusal_rollups where granularity = 'hour'`,
    );
    expect(refusals).toEqual([
      { api_key_id: 'key_other', team_id: 'team_red', status: 429, code: 'rate_limit_exceeded', refused: 1 },
    ]);
  });
});
