import { createDatabase, type DatabaseHandle, purgeExpiredStoredResponses, storedResponses } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { EnvironmentKeyWrapper, generateKek, parseKekRing, rotateProviderKeys } from '@switchboard/vault';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealedStoredResponseBackend } from './sealed-stored-response-backend';
import type { StoredResponseRecord } from './stored-response-backend';

const DAY_MS = 86_400_000;

function record(
  id: string,
  ownerKeyId: string,
  plaintext: string,
  expiresAt = new Date(Date.now() + DAY_MS),
): StoredResponseRecord {
  return { id, ownerKeyId, providerId: 'openai', providerKeyId: 'pk_1', native: true, plaintext, expiresAt };
}

describe('stored responses sealed in Postgres', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  const oldKek = generateKek('old');
  const newKek = generateKek('new');
  const wrapper = new EnvironmentKeyWrapper(parseKekRing(oldKek));

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('keeps the body encrypted at rest and opens it for its owner only', async () => {
    const backend = new SealedStoredResponseBackend(database.db, wrapper);
    await backend.insert(record('resp_a', 'key_1', '{"secret":"the launch code is 4711"}'));
    const [row] = await database.db.select().from(storedResponses).where(eq(storedResponses.id, 'resp_a'));
    expect(row!.ciphertext).not.toContain('4711');
    expect(Buffer.from(row!.ciphertext, 'base64').toString('utf8')).not.toContain('launch');
    expect(row!.kekId).toBe('old');
    expect(row!.sizeBytes).toBe(Buffer.byteLength('{"secret":"the launch code is 4711"}'));
    expect((await backend.find('resp_a', 'key_1', new Date()))?.plaintext).toContain('4711');
    expect(await backend.find('resp_a', 'key_2', new Date())).toBeUndefined();
    expect(await backend.delete('resp_a', 'key_2')).toBe(false);
  });

  it('binds the row: a body moved to another owner does not open', async () => {
    const backend = new SealedStoredResponseBackend(database.db, wrapper);
    await backend.insert(record('resp_b', 'key_1', '{"n":1}'));
    await database.db.update(storedResponses).set({ ownerKeyId: 'key_2' }).where(eq(storedResponses.id, 'resp_b'));
    expect(await backend.find('resp_b', 'key_2', new Date())).toBeUndefined();
  });

  it('opens during a KEK rotation and reads as absent once its KEK is gone', async () => {
    await new SealedStoredResponseBackend(database.db, wrapper).insert(record('resp_c', 'key_1', '{"n":2}'));
    const rotating = new SealedStoredResponseBackend(database.db, new EnvironmentKeyWrapper(parseKekRing(`${newKek},${oldKek}`)));
    expect((await rotating.find('resp_c', 'key_1', new Date()))?.plaintext).toBe('{"n":2}');
    const newOnly = new SealedStoredResponseBackend(database.db, new EnvironmentKeyWrapper(parseKekRing(newKek)));
    expect(await newOnly.find('resp_c', 'key_1', new Date())).toBeUndefined();
  });

  it('hides expired rows and the retention purge removes them', async () => {
    const backend = new SealedStoredResponseBackend(database.db, wrapper);
    await backend.insert(record('resp_old', 'key_1', '{}', new Date(Date.now() - 1000)));
    await backend.insert(record('resp_live', 'key_1', '{}'));
    expect(await backend.find('resp_old', 'key_1', new Date())).toBeUndefined();
    expect(await purgeExpiredStoredResponses(database.db)).toBeGreaterThanOrEqual(1);
    const rows = await database.db.select({ id: storedResponses.id }).from(storedResponses);
    const ids = rows.map((row) => row.id);
    expect(ids).toContain('resp_live');
    expect(ids).not.toContain('resp_old');
  });

  it('deletes for the owner', async () => {
    const backend = new SealedStoredResponseBackend(database.db, wrapper);
    await backend.insert(record('resp_d', 'key_1', '{}'));
    expect(await backend.delete('resp_d', 'key_1')).toBe(true);
    expect(await backend.find('resp_d', 'key_1', new Date())).toBeUndefined();
  });
});

describe('npm run vault:rotate and stored responses', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  const oldKek = generateKek('old');
  const newKek = generateKek('new');
  const sealedColumns = {
    id: storedResponses.id,
    ciphertext: storedResponses.ciphertext,
    nonce: storedResponses.nonce,
    authTag: storedResponses.authTag,
    wrappedDek: storedResponses.wrappedDek,
    kekId: storedResponses.kekId,
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('rewraps their data keys without touching the sealed bodies, so they load once the old KEK is gone', async () => {
    const before = new SealedStoredResponseBackend(database.db, new EnvironmentKeyWrapper(parseKekRing(oldKek)));
    const bodies = { resp_r1: '{"turn":1}', resp_r2: '{"turn":2}', resp_r3: '{"turn":3}' };
    for (const [id, body] of Object.entries(bodies)) await before.insert(record(id, id === 'resp_r3' ? 'key_2' : 'key_1', body));
    await before.insert(record('resp_expired', 'key_1', '{}', new Date(Date.now() - 1000)));
    const sealedBefore = await database.db.select(sealedColumns).from(storedResponses).orderBy(asc(storedResponses.id));
    const newOnly = new SealedStoredResponseBackend(database.db, new EnvironmentKeyWrapper(parseKekRing(newKek)));
    expect(await newOnly.find('resp_r1', 'key_1', new Date())).toBeUndefined();

    const lines: string[] = [];
    const environment = { DATABASE_URL: testDatabase.url, VAULT_KEK: `${newKek},${oldKek}` };
    const result = await rotateProviderKeys(environment, (line) => lines.push(line));
    expect(result.storedResponses).toEqual({ moved: 3, unchanged: 0 });
    expect(lines).toEqual([
      'rewrapped 0 provider keys under KEK new (0 already current)',
      'rewrapped 3 stored responses under KEK new (0 already current)',
    ]);

    const sealedAfter = await database.db.select(sealedColumns).from(storedResponses).orderBy(asc(storedResponses.id));
    for (const row of sealedAfter) {
      const old = sealedBefore.find((candidate) => candidate.id === row.id)!;
      // The body is the same bytes: only the data key's wrap moved.
      expect({ ciphertext: row.ciphertext, nonce: row.nonce, authTag: row.authTag }).toEqual({
        ciphertext: old.ciphertext,
        nonce: old.nonce,
        authTag: old.authTag,
      });
      if (row.id === 'resp_expired') expect(row.kekId).toBe('old');
      else {
        expect(row.kekId).toBe('new');
        expect(row.wrappedDek).not.toBe(old.wrappedDek);
      }
    }
    for (const [id, body] of Object.entries(bodies)) {
      expect((await newOnly.find(id, id === 'resp_r3' ? 'key_2' : 'key_1', new Date()))?.plaintext).toBe(body);
    }
    // Still bound to its row and owner after the rewrap.
    expect(await newOnly.find('resp_r3', 'key_1', new Date())).toBeUndefined();

    const again = await rotateProviderKeys(environment, () => {});
    expect(again.storedResponses).toEqual({ moved: 0, unchanged: 3 });
  });

  it('fails before changing a row when a stored response names a KEK that is not loaded', async () => {
    await new SealedStoredResponseBackend(database.db, new EnvironmentKeyWrapper(parseKekRing(oldKek))).insert(
      record('resp_r4', 'key_1', '{"turn":4}'),
    );
    const attempt = rotateProviderKeys({ DATABASE_URL: testDatabase.url, VAULT_KEK: newKek }, () => {});
    await expect(attempt).rejects.toMatchObject({ code: 'kek_not_loaded' });
    await expect(attempt).rejects.toThrow(/stored responses are sealed with KEK "old", which is not loaded/);
    const [row] = await database.db.select(sealedColumns).from(storedResponses).where(eq(storedResponses.id, 'resp_r4'));
    expect(row!.kekId).toBe('old');
  });
});
