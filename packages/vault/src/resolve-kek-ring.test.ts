import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveKekRing } from './resolve-kek-ring';

let dataDirectory: string;

beforeEach(async () => {
  dataDirectory = await mkdtemp(join(tmpdir(), 'switchboard-vault-'));
});

afterEach(async () => {
  await rm(dataDirectory, { recursive: true, force: true });
});

describe('resolveKekRing', () => {
  it('uses VAULT_KEK when set, even with a database, and writes no file', async () => {
    const env = { VAULT_KEK: `prod:${randomBytes(32).toString('base64')}` };
    const resolved = await resolveKekRing({ env, dataDirectory, databaseUrlSet: true });
    expect(resolved.source).toBe('environment');
    expect(resolved.ring.currentKekId).toBe('prod');
    expect(await readdir(dataDirectory)).toEqual([]);
  });

  it('refuses to start with DATABASE_URL and no VAULT_KEK, explaining how to make one', async () => {
    for (const env of [{}, { VAULT_KEK: '' }]) {
      const attempt = resolveKekRing({ env, dataDirectory, databaseUrlSet: true });
      await expect(attempt).rejects.toMatchObject({ code: 'kek_required' });
      await expect(attempt).rejects.toThrow(/VAULT_KEK must be set when DATABASE_URL is set/);
      await expect(attempt).rejects.toThrow(/openssl rand -base64 32/);
    }
    expect(await readdir(dataDirectory)).toEqual([]);
  });

  it('falls back to the local key file in the embedded mode', async () => {
    const first = await resolveKekRing({ env: {}, dataDirectory, databaseUrlSet: false });
    expect(first).toMatchObject({ source: 'local-file', created: true, path: join(dataDirectory, 'vault-kek') });
    const second = await resolveKekRing({ env: {}, dataDirectory, databaseUrlSet: false });
    expect(second).toMatchObject({ source: 'local-file', created: false });
    expect(second.ring.currentKekId).toBe(first.ring.currentKekId);
  });

  it('passes VAULT_KEK errors through instead of falling back', async () => {
    await expect(
      resolveKekRing({ env: { VAULT_KEK: 'prod:short' }, dataDirectory, databaseUrlSet: false }),
    ).rejects.toMatchObject({ code: 'invalid_kek_configuration' });
    expect(await readdir(dataDirectory)).toEqual([]);
  });
});
