import { auditLog, createDatabase, type DatabaseHandle } from '@switchboard/db';
import type { Catalog } from '@switchboard/protocol';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { PriceVersionStore } from '@switchboard/usage';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_PRICES_CHECKED, syncCatalogPrices } from './sync-catalog-prices';

let testDatabase: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  handle = await createDatabase({ url: testDatabase.url, maxConnections: 4 });
  await handle.migrate();
});
afterAll(async () => {
  await handle?.close();
  await testDatabase?.drop();
});

function catalog(flashOutput: number, fileInput: number): Catalog {
  return {
    aliases: {},
    providers: [
      {
        id: 'deepseek',
        adapter: 'openai-compatible',
        baseUrl: 'https://api.deepseek.com',
        enabled: true,
        models: [
          {
            id: 'deepseek-v4-flash',
            upstream: 'deepseek-v4-flash',
            kind: 'chat',
            price: { input: 0.14, cachedInput: 0.028, output: flashOutput },
          },
          { id: 'owned', upstream: 'owned', kind: 'chat', price: { input: fileInput, output: 1 } },
          { id: 'no-price', upstream: 'no-price', kind: 'chat' },
        ],
      },
    ],
  };
}

describe('syncCatalogPrices (config-file ownership, DESIGN.md contract 5)', () => {
  const owned = new Set(['deepseek/owned']);

  it('versions built-in prices from their checked date, file prices from the start that reads them, and only on change', async () => {
    const first = await syncCatalogPrices(handle.db, catalog(0.28, 2), owned, Date.parse('2026-12-01T00:00:00Z'));
    expect(first.added).toEqual({ builtIn: 1, configFile: 1 });
    const store = new PriceVersionStore(handle.db);
    const flash = await store.list({ modelId: 'deepseek-v4-flash' });
    expect(flash).toMatchObject([
      {
        source: 'built-in',
        effectiveFrom: BUILT_IN_PRICES_CHECKED,
        prices: { input: 140_000, cachedInput: 28_000, output: 280_000 },
      },
    ]);

    // A restart with the same file changes nothing; several instances starting at once neither.
    const again = await Promise.all([1, 2, 3].map(() => syncCatalogPrices(handle.db, catalog(0.28, 2), owned)));
    expect(again.map((sync) => sync.added)).toEqual([1, 2, 3].map(() => ({ builtIn: 0, configFile: 0 })));
    expect(await store.list()).toHaveLength(2);

    // The file changes the price: one new config-file version from now, audited by actor config-file.
    const changedAt = Date.parse('2026-12-03T08:00:00Z');
    const changed = await syncCatalogPrices(handle.db, catalog(0.28, 2.5), owned, changedAt);
    expect(changed.added).toEqual({ builtIn: 0, configFile: 1 });
    const ownedVersions = await store.list({ modelId: 'owned' });
    expect(ownedVersions.map((version) => [version.source, version.prices.input, version.effectiveFrom])).toEqual([
      ['config-file', 2_000_000, Date.parse('2026-12-01T00:00:00Z')],
      ['config-file', 2_500_000, changedAt],
    ]);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.actor, 'config-file'));
    expect(audit.map((row) => [row.action, row.targetId])).toEqual([
      ['price_version.create', ownedVersions[0]!.id],
      ['price_version.create', ownedVersions[1]!.id],
    ]);

    // A release that changes a built-in price adds a version from now.
    const upgraded = await syncCatalogPrices(handle.db, catalog(0.3, 2.5), owned, changedAt + 1);
    expect(upgraded.added).toEqual({ builtIn: 1, configFile: 0 });
    expect((await store.list({ modelId: 'deepseek-v4-flash' })).map((version) => version.prices.output)).toEqual([
      280_000, 300_000,
    ]);
  });

  it('dates a built-in price by the day its page was read and notes the page in the version', async () => {
    const dated: Catalog = {
      aliases: {},
      providers: [
        {
          id: 'moonshot',
          adapter: 'openai-compatible',
          baseUrl: 'https://api.moonshot.ai/v1',
          enabled: true,
          priceSource: { url: 'https://platform.moonshot.ai/docs/pricing/chat', checkedAt: '2026-03-26', official: true },
          models: [
            { id: 'kimi-k2.5', upstream: 'kimi-k2.5', kind: 'chat', price: { input: 0.6, output: 3 } },
            {
              id: 'kimi-k2.6',
              upstream: 'kimi-k2.6',
              kind: 'chat',
              price: { input: 0.95, output: 4 },
              priceSource: { url: 'https://example.com/kimi', checkedAt: '2026-06', official: false },
            },
          ],
        },
      ],
    };
    await syncCatalogPrices(handle.db, dated, new Set(), Date.parse('2026-12-03T00:00:00Z'));
    const versions = await new PriceVersionStore(handle.db).list({ providerId: 'moonshot' });
    expect(versions.map((version) => [version.modelId, new Date(version.effectiveFrom).toISOString(), version.note])).toEqual([
      [
        'kimi-k2.5',
        '2026-03-26T00:00:00.000Z',
        'list price read from https://platform.moonshot.ai/docs/pricing/chat on 2026-03-26',
      ],
      [
        'kimi-k2.6',
        '2026-06-01T00:00:00.000Z',
        "list price read from https://example.com/kimi on 2026-06 (a third-party copy of the provider's prices)",
      ],
    ]);
  });
});
