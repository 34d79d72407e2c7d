import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalKek } from './load-or-create-local-kek';

let temporaryDirectory: string;

beforeEach(async () => {
  temporaryDirectory = await mkdtemp(join(tmpdir(), 'switchboard-vault-'));
});

afterEach(async () => {
  await rm(temporaryDirectory, { recursive: true, force: true });
});

describe('loadOrCreateLocalKek', () => {
  it('creates <dataDirectory>/vault-kek with mode 0600 and says so', async () => {
    const dataDirectory = join(temporaryDirectory, 'nested', '.data');
    const local = await loadOrCreateLocalKek(dataDirectory);
    expect(local.created).toBe(true);
    expect(local.path).toBe(join(dataDirectory, 'vault-kek'));
    expect((await stat(local.path)).mode & 0o777).toBe(0o600);
    const content = await readFile(local.path, 'utf8');
    expect(content).toMatch(/^kek_\d{8}_[0-9a-f]{4}:[A-Za-z0-9+/]{43}=\n$/);
    expect(local.ring.currentKekId).toBe(content.split(':')[0]);
  });

  it('reuses the file on the second call', async () => {
    const first = await loadOrCreateLocalKek(temporaryDirectory);
    const contentBefore = await readFile(first.path, 'utf8');
    const second = await loadOrCreateLocalKek(temporaryDirectory);
    expect(second.created).toBe(false);
    expect(second.ring.currentKekId).toBe(first.ring.currentKekId);
    expect(second.ring.keyFor(second.ring.currentKekId)?.equals(first.ring.keyFor(first.ring.currentKekId)!)).toBe(true);
    expect(await readFile(first.path, 'utf8')).toBe(contentBefore);
  });

  it('creates exactly one key when called concurrently, leaving no temporary files', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalKek(temporaryDirectory)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.ring.currentKekId)).size).toBe(1);
    expect(await readdir(temporaryDirectory)).toEqual(['vault-kek']);
  });

  it('refuses a corrupt key file rather than replacing it', async () => {
    const path = join(temporaryDirectory, 'vault-kek');
    await writeFile(path, 'not a key\n', { mode: 0o600 });
    await expect(loadOrCreateLocalKek(temporaryDirectory)).rejects.toMatchObject({ code: 'invalid_kek_configuration' });
    expect(await readFile(path, 'utf8')).toBe('not a key\n');
  });
});
