import { createDatabase, type DatabaseHandle, purgeExpiredStoredResponses, storedResponses } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { EnvironmentKeyWrapper, generateKek, parseKekRing } from '@switchboard/vault';
import { eq } from 'drizzle-orm';
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
