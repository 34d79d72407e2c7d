import { createDatabase, type DatabaseHandle } from '@switchboard/db';
import type { CatalogProvider } from '@switchboard/protocol';
import { builtInCatalog } from '@switchboard/providers';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderStore } from './provider-store';

const acme: CatalogProvider = {
  id: 'acme',
  name: 'Acme',
  adapter: 'openai-compatible',
  baseUrl: 'https://api.acme.example/v1',
  anthropicBaseUrl: 'https://api.acme.example/anthropic',
  reasoningControl: 'reasoning-effort',
  headers: {},
  keyOptional: false,
  enabled: true,
  models: [],
};

describe('ProviderStore', () => {
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

  it("stores a provider's Anthropic endpoint and reasoning control, and removes them again", async () => {
    const store = new ProviderStore(database.db);
    expect(await store.create(acme)).toEqual({ ...acme, apiVersion: undefined });
    const cleared = await store.replace({ ...acme, anthropicBaseUrl: undefined, reasoningControl: undefined }, false);
    expect(cleared.anthropicBaseUrl).toBeUndefined();
    expect(cleared.reasoningControl).toBeUndefined();
    expect((await store.list()).find((provider) => provider.id === 'acme')).toEqual(cleared);
  });

  it("seeds DeepSeek's Anthropic endpoint beside its OpenAI one, as the built-in catalog says", async () => {
    const store = new ProviderStore(database.db);
    await store.seed(builtInCatalog.providers, new Map());
    const deepseek = await store.get('deepseek');
    expect(deepseek).toMatchObject({
      baseUrl: 'https://api.deepseek.com',
      anthropicBaseUrl: 'https://api.deepseek.com/anthropic',
      reasoningControl: 'deepseek-thinking',
    });
    expect((await store.get('openai')).anthropicBaseUrl).toBeUndefined();
  });

  it("stores a provider's Responses flag, true and false, and removes it again", async () => {
    const store = new ProviderStore(database.db);
    const relay: CatalogProvider = {
      ...acme,
      id: 'relay',
      anthropicBaseUrl: undefined,
      reasoningControl: undefined,
      responsesApi: true,
    };
    expect(await store.create(relay)).toEqual({ ...relay, apiVersion: undefined });
    expect((await store.replace({ ...relay, responsesApi: false }, false)).responsesApi).toBe(false);
    const cleared = await store.replace({ ...relay, responsesApi: undefined }, false);
    expect(cleared.responsesApi).toBeUndefined();
    expect((await store.list()).find((provider) => provider.id === 'relay')).toEqual(cleared);
  });

  it("stores a provider's region and data-policy tags, and reads none as absent", async () => {
    const store = new ProviderStore(database.db);
    const tagged: CatalogProvider = {
      ...acme,
      id: 'tagged',
      anthropicBaseUrl: undefined,
      reasoningControl: undefined,
      regions: ['eu'],
      dataPolicies: ['zdr', 'no-training'],
    };
    expect(await store.create(tagged)).toEqual({ ...tagged, apiVersion: undefined });
    const untagged = await store.replace({ ...tagged, regions: undefined, dataPolicies: undefined }, false);
    expect(untagged.regions).toBeUndefined();
    expect(untagged.dataPolicies).toBeUndefined();
  });

  it('seeds the Responses flag of OpenAI and Azure, as the built-in catalog says', async () => {
    const store = new ProviderStore(database.db);
    await store.seed(builtInCatalog.providers, new Map());
    expect((await store.get('openai')).responsesApi).toBe(true);
    expect((await store.get('azure')).responsesApi).toBe(true);
    expect((await store.get('deepseek')).responsesApi).toBeUndefined();
  });

  it('refuses a reasoning control the schema does not know', async () => {
    const sql = postgres(testDatabase.url, { max: 1 });
    try {
      await expect(sql`update providers set reasoning_control = 'guess' where id = 'openai'`).rejects.toThrow(
        /providers_reasoning_control_check/,
      );
    } finally {
      await sql.end();
    }
  });
});
