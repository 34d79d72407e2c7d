import { createDatabase, type DatabaseHandle } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeCostPicos, picosToMicros } from './compute-cost-picos';
import { ingestUsageEvents } from './ingest-usage-events';
import { resolvePriceRates } from './price-rates';
import { queryUsage } from './query-usage';
import { spentSince } from './spent-since';
import { makeUsageEvent } from './testing/make-usage-event';
import type { UsageEvent } from './usage-event';
import { parseUsdPerMillion } from './usd-per-million';

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
  await handle.db.execute(sql`truncate usage_events, usage_rollups`);
});

const DAY = Date.UTC(2026, 11, 2);
const usd = parseUsdPerMillion;

/** `count` events like `template`, spread over one day's minutes, ingested in the gateway's way (batches), then the day's total. */
async function ingestMany(count: number, template: Partial<UsageEvent>, apiKeyId: string) {
  const batch = 25_000;
  for (let start = 0; start < count; start += batch) {
    const events: UsageEvent[] = [];
    for (let index = start; index < Math.min(count, start + batch); index++) {
      events.push(
        makeUsageEvent({
          ...template,
          requestId: `req_${apiKeyId}_${index}`,
          apiKeyId,
          occurredAt: DAY + (index % 1_440) * 60_000,
        }),
      );
    }
    await ingestUsageEvents(handle.db, events);
  }
  return queryUsage(handle.db, { fromMs: DAY, toMs: DAY + 86_400_000, granularity: 'total', groupBy: ['key'] });
}

describe('exact sums through the ledger (issue 14 points 8 and 11, real Postgres)', () => {
  // A million calls of each model through Postgres took 2.5 minutes on the shared 2-core machine;
  // 100,000 keep the same path (batches, rollup upserts, the report's one rounding) in seconds,
  // and compute-cost-picos.test.ts sums the full million of each.
  it("100,000 seed calls cost exactly $16.80 on flash and $168.20 on pro in the rollups, the usage report and the budgets' spend", async () => {
    const call = { inputTokens: 2_200, cachedInputTokens: 2_000, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 0 };
    const flash = resolvePriceRates({ input: usd('0.14'), cachedInput: usd('0.028'), output: usd('0.28') }, 'other');
    const pro = resolvePriceRates({ input: usd('1.74'), cachedInput: usd('0.145'), output: usd('3.48') }, 'other');
    const flashPicos = computeCostPicos(call, flash);
    const proPicos = computeCostPicos(call, pro);
    expect([picosToMicros(flashPicos), picosToMicros(proPicos)]).toEqual([168, 1_682]);

    const flashReport = await ingestMany(100_000, { ...call, costPicos: flashPicos, costMicros: 168 }, 'key_flash');
    expect(flashReport.totals.requests).toBe(100_000);
    expect(flashReport.totals.costMicros).toBe(16_800_000);
    const proReport = await ingestMany(
      100_000,
      { ...call, model: 'deepseek-v4-pro', costPicos: proPicos, costMicros: 1_682 },
      'key_pro',
    );
    const byKey = Object.fromEntries(proReport.rows.map((row) => [row.apiKeyId, row.costMicros]));
    expect(byKey).toEqual({ key_flash: 16_800_000, key_pro: 168_200_000 });
    expect(proReport.totals.costMicros).toBe(185_000_000);
    expect(await spentSince(handle.db, 'key_pro', DAY)).toBe(168_200_000);
  }, 120_000);

  it('a million tiny embeddings add up to what they cost, though each is under a micro-dollar', async () => {
    // 5 tokens at $0.02 per 1M: 0.1 µ$ each, which whole micro-dollars per request billed as $0.
    const embedding = resolvePriceRates({ input: usd('0.02'), output: usd('0') }, 'other');
    const tiny = { inputTokens: 5, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    const picos = computeCostPicos(tiny, embedding);
    expect(picos).toBe(100_000);
    const report = await ingestMany(
      1_000_000,
      { ...tiny, endpoint: 'embeddings', model: 'text-embedding-3-small', costPicos: picos, costMicros: picosToMicros(picos) },
      'key_embed',
    );
    expect(report.totals.costMicros).toBe(100_000); // $0.10
    // The hourly rows add up to the same total.
    const hourly = await queryUsage(handle.db, { fromMs: DAY, toMs: DAY + 86_400_000, granularity: 'hour', groupBy: [] });
    expect(hourly.totals.costMicros).toBe(100_000);
    expect(hourly.rows).toHaveLength(24);
    expect(hourly.rows.map((row) => row.costMicros).reduce((sum, value) => sum + value, 0)).toBe(100_000);
  }, 240_000);

  it("apportions rows so they add up to the report's total, each within a micro-dollar of its exact sum", async () => {
    // Three hours of 0.7 µ$ each: exactly 2.1 µ$, reported as 2; the rows 1 + 1 + 0, not 1 + 1 + 1.
    await ingestUsageEvents(
      handle.db,
      [0, 1, 2].map((hour) =>
        makeUsageEvent({
          requestId: `req_apportion_${hour}`,
          occurredAt: DAY + hour * 3_600_000,
          costPicos: 700_000,
          costMicros: 1,
        }),
      ),
    );
    const hourly = await queryUsage(handle.db, { fromMs: DAY, toMs: DAY + 3 * 3_600_000, granularity: 'hour', groupBy: [] });
    expect(hourly.totals.costMicros).toBe(2);
    expect(hourly.rows.map((row) => row.costMicros)).toEqual([1, 1, 0]);
    const total = await queryUsage(handle.db, { fromMs: DAY, toMs: DAY + 3 * 3_600_000, granularity: 'total', groupBy: [] });
    expect(total.totals.costMicros).toBe(2);
  });
});
