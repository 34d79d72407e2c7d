import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAdminToken } from '@switchboard/access';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { generateKek } from '@switchboard/vault';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchboard } from '../src/app/start-switchboard';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';

// `npm start` run again and again on one database: the catalog and the keys named by apiKeyEnv
// are seeded idempotently, the config file is declarative for what it names, and an admin's edit
// of a built-in provider survives a restart.
describe('seeding at start', () => {
  let database: TestDatabase;
  let configPath: string;
  let directory: string;
  const baseEnv = { VAULT_KEK: generateKek(), ADMIN_TOKEN: generateAdminToken() };

  async function writeConfig(price: number) {
    await writeFile(
      configPath,
      JSON.stringify({
        providers: [
          {
            id: 'local-llm',
            adapter: 'openai-compatible',
            baseUrl: 'https://llm.internal.example.com/v1',
            apiKeyEnv: 'LOCAL_LLM_KEY',
            models: [{ id: 'house-model', price: { input: price, output: price * 2 } }],
          },
        ],
      }),
    );
  }

  async function start(env: Record<string, string>) {
    const switchboard = await startSwitchboard({
      settings: testSettings({
        databaseUrl: database.url,
        configPath,
        dataDirectory: join(directory, 'data'),
        logLevel: 'silent',
      }),
      env: { ...baseEnv, ...env },
      logger: createLogger('silent'),
    });
    await switchboard.close();
  }

  async function rows<Row>(query: string): Promise<Row[]> {
    const sql = postgres(database.url, { max: 1 });
    try {
      return (await sql.unsafe(query)) as unknown as Row[];
    } finally {
      await sql.end();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    directory = await mkdtemp(join(tmpdir(), 'switchboard-seed-'));
    configPath = join(directory, 'switchboard.json');
    await writeConfig(0.5);
  });
  afterAll(() => database.drop());

  it('seeds the built-in catalog and the config file once, however often it starts', async () => {
    await start({ LOCAL_LLM_KEY: 'sk-local-first-secret' });
    const first = await rows<{ id: string }>('select id from providers order by id');
    expect(first.map((row) => row.id)).toEqual(
      expect.arrayContaining(['anthropic', 'deepseek', 'gemini', 'local-llm', 'openai']),
    );
    await start({ LOCAL_LLM_KEY: 'sk-local-first-secret' });
    expect(await rows('select id from providers order by id')).toEqual(first);
    const models = await rows<{ count: string }>(`select count(*) from provider_models where provider_id = 'deepseek'`);
    // V4 Flash and Pro; the retired legacy names are aliases, not model rows.
    expect(Number(models[0]!.count)).toBe(2);
  });

  it('imports an apiKeyEnv key once and rotates it when the variable changes', async () => {
    const keysBefore = await rows<{ id: string; name: string; rotated_at: Date | null; ciphertext: string }>(
      `select id, name, rotated_at, ciphertext from provider_keys where provider_id = 'local-llm'`,
    );
    expect(keysBefore).toHaveLength(1);
    expect(keysBefore[0]!.name).toBe('env:LOCAL_LLM_KEY');
    expect(keysBefore[0]!.rotated_at).toBeNull();

    await start({ LOCAL_LLM_KEY: 'sk-local-second-secret' });
    const keysAfter = await rows<{ id: string; rotated_at: Date | null; ciphertext: string }>(
      `select id, rotated_at, ciphertext from provider_keys where provider_id = 'local-llm'`,
    );
    expect(keysAfter).toHaveLength(1);
    expect(keysAfter[0]!.id).toBe(keysBefore[0]!.id);
    expect(keysAfter[0]!.rotated_at).not.toBeNull();
    expect(keysAfter[0]!.ciphertext).not.toBe(keysBefore[0]!.ciphertext);
  });

  it('writes what the config file says, but keeps an admin edit of a built-in provider', async () => {
    await rows(`update providers set enabled = false where id = 'mistral'`);
    await writeConfig(0.75);
    await start({ LOCAL_LLM_KEY: 'sk-local-second-secret' });
    const [mistral] = await rows<{ enabled: boolean }>(`select enabled from providers where id = 'mistral'`);
    expect(mistral!.enabled).toBe(false);
    const [house] = await rows<{ input_price_micros: string; output_price_micros: string }>(
      `select input_price_micros, output_price_micros from provider_models where provider_id = 'local-llm'`,
    );
    expect(Number(house!.input_price_micros)).toBe(750_000);
    expect(Number(house!.output_price_micros)).toBe(1_500_000);
  });
});
