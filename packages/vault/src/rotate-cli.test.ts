import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, providers } from '@switchboard/db';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import { parseKekRing } from './parse-kek-ring';
import { ProviderKeyStore } from './provider-key-store';
import { rotateProviderKeys } from './rotate-cli';

const oldKek = `old:${randomBytes(32).toString('base64')}`;
const newKek = `new:${randomBytes(32).toString('base64')}`;
const secrets = ['sk-rotate-cli-first-000001', 'sk-rotate-cli-second-00002'];

// Creating an on-disk PGlite database takes seconds, so one seeded copy is made and then cloned per test.
let seededDirectory: string;
let dataDirectory: string;

beforeAll(async () => {
  seededDirectory = await mkdtemp(join(tmpdir(), 'switchboard-rotate-seed-'));
  await withEmbeddedDatabase(seededDirectory, async ({ db }) => {
    await db.insert(providers).values({ id: 'openai', name: 'OpenAI', adapter: 'openai-compatible', baseUrl: 'https://x' });
    const store = new ProviderKeyStore(db, new EnvironmentKeyWrapper(parseKekRing(oldKek)));
    for (const [index, secret] of secrets.entries()) await store.create('openai', `key-${index}`, secret);
  });
}, 120_000);

afterAll(async () => {
  await rm(seededDirectory, { recursive: true, force: true });
});

beforeEach(async () => {
  dataDirectory = await mkdtemp(join(tmpdir(), 'switchboard-rotate-'));
});

afterEach(async () => {
  await rm(dataDirectory, { recursive: true, force: true });
});

/** Runs `work` against the PGlite data the CLI opens (DATA_DIR/pglite), migrated. */
async function withEmbeddedDatabase<Result>(
  directory: string,
  work: (handle: Awaited<ReturnType<typeof createDatabase>>) => Promise<Result>,
): Promise<Result> {
  const database = await createDatabase({ dataDirectory: join(directory, 'pglite') });
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Gives this test its own copy of the seeded database: two keys sealed under the old KEK. */
async function useSeededKeys(): Promise<void> {
  await cp(join(seededDirectory, 'pglite'), join(dataDirectory, 'pglite'), { recursive: true });
}

describe('rotateProviderKeys', () => {
  it('rewraps every key under the first VAULT_KEK entry and prints the counts', async () => {
    await useSeededKeys();
    const lines: string[] = [];
    const environment = { DATA_DIR: dataDirectory, VAULT_KEK: `${newKek},${oldKek}` };

    expect(await rotateProviderKeys(environment, (line) => lines.push(line))).toMatchObject({ moved: 2, unchanged: 0 });
    expect(await rotateProviderKeys(environment, (line) => lines.push(line))).toMatchObject({ moved: 0, unchanged: 2 });
    expect(lines).toEqual([
      'rewrapped 2 provider keys under KEK new (0 already current)',
      'rewrapped 0 stored responses under KEK new (0 already current)',
      'rewrapped 0 provider keys under KEK new (2 already current)',
      'rewrapped 0 stored responses under KEK new (0 already current)',
    ]);

    const opened = await withEmbeddedDatabase(dataDirectory, ({ db }) =>
      new ProviderKeyStore(db, new EnvironmentKeyWrapper(parseKekRing(newKek))).loadActiveSecrets(),
    );
    expect(opened.map((entry) => entry.secret).sort()).toEqual([...secrets].sort());
  });

  it('uses the embedded key file when VAULT_KEK is unset', async () => {
    await useSeededKeys();
    await writeFile(join(dataDirectory, 'vault-kek'), `${newKek},${oldKek}\n`, { mode: 0o600 });
    const lines: string[] = [];
    expect(await rotateProviderKeys({ DATA_DIR: dataDirectory }, (line) => lines.push(line))).toMatchObject({
      moved: 2,
      unchanged: 0,
    });
    expect(lines[0]).toBe('rewrapped 2 provider keys under KEK new (0 already current)');
  });

  it('refuses to invent a key file when there is no KEK at all', async () => {
    const lines: string[] = [];
    await expect(rotateProviderKeys({ DATA_DIR: dataDirectory }, (line) => lines.push(line))).rejects.toMatchObject({
      code: 'kek_required',
    });
    expect(await readdir(dataDirectory)).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('fails, naming the row, when the old KEK was dropped before rotating', async () => {
    await useSeededKeys();
    const lines: string[] = [];
    const attempt = rotateProviderKeys({ DATA_DIR: dataDirectory, VAULT_KEK: newKek }, (line) => lines.push(line));
    await expect(attempt).rejects.toMatchObject({ code: 'kek_not_loaded' });
    await expect(attempt).rejects.toThrow(/provider key pk_\w+ is sealed with KEK "old"/);
    expect(lines).toEqual([]);
  });
});
