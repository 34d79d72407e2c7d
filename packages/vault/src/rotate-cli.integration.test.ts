import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, providers } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import { parseKekRing } from './parse-kek-ring';
import { ProviderKeyStore } from './provider-key-store';
import { rotateProviderKeys } from './rotate-cli';

const run = promisify(execFile);
const cliPath = fileURLToPath(new URL('./rotate-cli.ts', import.meta.url));
const tsxPath = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

const oldKek = `old:${randomBytes(32).toString('base64')}`;
const newKek = `new:${randomBytes(32).toString('base64')}`;

describe('rotateProviderKeys on DATABASE_URL', () => {
  let testDatabase: TestDatabase | undefined;

  afterEach(async () => {
    await testDatabase?.drop();
  });

  async function seed(url: string, count: number): Promise<void> {
    const database = await createDatabase({ url, maxConnections: 1 });
    try {
      await database.migrate();
      await database.db
        .insert(providers)
        .values({ id: 'openai', name: 'OpenAI', adapter: 'openai-compatible', baseUrl: 'https://x' });
      const store = new ProviderKeyStore(database.db, new EnvironmentKeyWrapper(parseKekRing(oldKek)));
      for (let index = 0; index < count; index++)
        await store.create('openai', `key-${index}`, `sk-integration-secret-${index}0000`);
    } finally {
      await database.close();
    }
  }

  it('rewraps the rows of the Postgres database and prints the count', async () => {
    testDatabase = await createTestDatabase();
    await seed(testDatabase.url, 3);
    const lines: string[] = [];
    const result = await rotateProviderKeys({ DATABASE_URL: testDatabase.url, VAULT_KEK: `${newKek},${oldKek}` }, (line) =>
      lines.push(line),
    );
    expect(result).toEqual({ moved: 3, unchanged: 0, storedResponses: { moved: 0, unchanged: 0 } });
    expect(lines).toEqual([
      'rewrapped 3 provider keys under KEK new (0 already current)',
      'rewrapped 0 stored responses under KEK new (0 already current)',
    ]);
  });

  it('refuses DATABASE_URL without VAULT_KEK', async () => {
    testDatabase = await createTestDatabase();
    await expect(rotateProviderKeys({ DATABASE_URL: testDatabase.url }, () => {})).rejects.toMatchObject({
      code: 'kek_required',
    });
  });

  it('runs as a script: prints the count, and exits 1 with the message when a KEK is missing', async () => {
    testDatabase = await createTestDatabase();
    await seed(testDatabase.url, 2);
    const environment = { ...process.env, DATABASE_URL: testDatabase.url };

    const failed = await run(tsxPath, [cliPath], { env: { ...environment, VAULT_KEK: newKek } }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/vault rotation failed: provider key pk_\w+ is sealed with KEK "old", which is not loaded/);
    expect(failed?.stderr).not.toContain(newKek.split(':')[1]);

    const { stdout } = await run(tsxPath, [cliPath], { env: { ...environment, VAULT_KEK: `${newKek},${oldKek}` } });
    expect(stdout.trim().split('\n')).toEqual([
      'rewrapped 2 provider keys under KEK new (0 already current)',
      'rewrapped 0 stored responses under KEK new (0 already current)',
    ]);
  });
});
