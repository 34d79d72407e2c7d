import { randomBytes } from 'node:crypto';
import { type Database, type DatabaseDriver, type DatabaseHandle, providerKeys, providers, queryRows } from '@switchboard/db';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import type { KeyWrapper, WrappedDataKey } from './key-wrapper';
import { parseKekRing } from './parse-kek-ring';
import type { ProviderKeyContext } from './provider-key-context';
import { ProviderKeyStore, type UndecryptableRow } from './provider-key-store';
import { ProviderKeyStoreError, type ProviderKeyStoreErrorCode } from './provider-key-store-error';
import { VaultError } from './vault-error';

export interface ProviderKeyStoreFixture {
  database: DatabaseHandle;
  /** Closes the database and removes whatever the fixture created for it. */
  dispose(): Promise<void>;
}

const oldKek = `old:${randomBytes(32).toString('base64')}`;
const newKek = `new:${randomBytes(32).toString('base64')}`;
const strayKek = `stray:${randomBytes(32).toString('base64')}`;
const oldOnly = () => new EnvironmentKeyWrapper(parseKekRing(oldKek));
const duringRotation = () => new EnvironmentKeyWrapper(parseKekRing(`${newKek},${oldKek}`));
const newOnly = () => new EnvironmentKeyWrapper(parseKekRing(newKek));

const openaiSecret = 'sk-proj-openai-first-secret-0001';
const secondOpenaiSecret = 'sk-proj-openai-second-secret-0002';
const deepseekSecret = 'sk-deepseek-only-secret-4242';

const summaryFields = [
  'id',
  'providerId',
  'name',
  'status',
  'statusReason',
  'statusSince',
  'last4',
  'kekId',
  'createdAt',
  'updatedAt',
  'lastUsedAt',
  'rotatedAt',
  'revokedAt',
];

/** The provider-key store contract, written once and run against every driver. */
export function describeProviderKeyStore(driver: DatabaseDriver, open: () => Promise<ProviderKeyStoreFixture>): void {
  describe(`ProviderKeyStore on ${driver}`, () => {
    let fixture: ProviderKeyStoreFixture;
    const db = (): Database => fixture.database.db;
    const storeWith = (wrapper: KeyWrapper) => new ProviderKeyStore(db(), wrapper);

    beforeAll(async () => {
      fixture = await open();
      await fixture.database.migrate();
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    beforeEach(async () => {
      await db().execute(sql`truncate table providers, provider_models, provider_keys cascade`);
      await db()
        .insert(providers)
        .values([
          { id: 'openai', name: 'OpenAI', adapter: 'openai-compatible', baseUrl: 'https://api.openai.com/v1' },
          { id: 'deepseek', name: 'DeepSeek', adapter: 'openai-compatible', baseUrl: 'https://api.deepseek.com' },
          { id: 'empty', name: 'No keys', adapter: 'openai-compatible', baseUrl: 'https://example.com' },
        ]);
    });

    async function rawRows(): Promise<Record<string, unknown>[]> {
      return queryRows(db(), sql`select * from provider_keys order by id`);
    }

    describe('create, list and get', () => {
      it('returns a masked summary with a pk_ id, and list shows last4 but never the secret', async () => {
        const store = storeWith(duringRotation());
        const created = await store.create('openai', 'production', openaiSecret);
        expect(created.id).toMatch(/^pk_[0-9A-Za-z]{20}$/);
        expect(created).toMatchObject({
          providerId: 'openai',
          name: 'production',
          status: 'active',
          statusReason: null,
          last4: '0001',
          kekId: 'new',
          lastUsedAt: null,
          rotatedAt: null,
          revokedAt: null,
        });
        expect(created.createdAt).toBeInstanceOf(Date);

        const listed = await store.list('openai');
        expect(listed).toEqual([created]);
        expect(Object.keys(listed[0]!).sort()).toEqual([...summaryFields].sort());
        expect(JSON.stringify(listed)).not.toContain(openaiSecret);
        expect(await store.get('openai', created.id)).toEqual(created);
      });

      it('lists one provider only, ordered by name, and [] for a provider without keys', async () => {
        const store = storeWith(newOnly());
        await store.create('openai', 'zeta', openaiSecret);
        await store.create('openai', 'alpha', secondOpenaiSecret);
        await store.create('deepseek', 'alpha', deepseekSecret);
        expect((await store.list('openai')).map((key) => key.name)).toEqual(['alpha', 'zeta']);
        expect((await store.list('deepseek')).map((key) => key.last4)).toEqual(['4242']);
        expect(await store.list('empty')).toEqual([]);
      });

      it('refuses a duplicate name under the same provider with conflict, but allows it elsewhere', async () => {
        const store = storeWith(newOnly());
        await store.create('openai', 'production', openaiSecret);
        expect(await errorCode(store.create('openai', 'production', secondOpenaiSecret))).toBe('conflict');
        await expect(store.create('deepseek', 'production', deepseekSecret)).resolves.toMatchObject({ providerId: 'deepseek' });
        expect(await rawRows()).toHaveLength(2);
      });

      it('reports unknown providers and keys as not_found', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);
        expect(await errorCode(store.create('nope', 'production', openaiSecret))).toBe('not_found');
        expect(await errorCode(store.list('nope'))).toBe('not_found');
        expect(await errorCode(store.get('openai', 'pk_missing'))).toBe('not_found');
        // A key is only found under its own provider.
        expect(await errorCode(store.get('deepseek', created.id))).toBe('not_found');
        expect(await errorCode(store.openSecret('deepseek', created.id))).toBe('not_found');
        expect(await errorCode(store.rotate('deepseek', created.id, secondOpenaiSecret))).toBe('not_found');
        expect(await errorCode(store.setStatus('deepseek', created.id, 'disabled'))).toBe('not_found');
      });

      it('validates the name (1 to 64 characters) and the secret (non-empty) before writing', async () => {
        const store = storeWith(newOnly());
        for (const name of ['', '   ', 'x'.repeat(65), 'line\nbreak']) {
          expect(await errorCode(store.create('openai', name, openaiSecret))).toBe('invalid');
        }
        expect(await errorCode(store.create('openai', 'empty-secret', ''))).toBe('invalid');
        expect(await errorCode(store.create('openai', 'blank-secret', '  \n'))).toBe('invalid');
        expect(await rawRows()).toEqual([]);
        await expect(store.create('openai', 'x'.repeat(64), openaiSecret)).resolves.toMatchObject({ name: 'x'.repeat(64) });
      });
    });

    describe('secrets', () => {
      it('loadActiveSecrets returns the plaintext of active keys only', async () => {
        const store = storeWith(newOnly());
        const first = await store.create('openai', 'first', openaiSecret);
        const second = await store.create('openai', 'second', secondOpenaiSecret);
        const deepseek = await store.create('deepseek', 'main', deepseekSecret);
        expect(await store.loadActiveSecrets()).toMatchObject([
          { keyId: deepseek.id, providerId: 'deepseek', name: 'main', secret: deepseekSecret, status: 'active' },
          { keyId: first.id, providerId: 'openai', name: 'first', secret: openaiSecret, status: 'active' },
          { keyId: second.id, providerId: 'openai', name: 'second', secret: secondOpenaiSecret, status: 'active' },
        ]);
        // Each key carries the endpoints its provider had in the same snapshot.
        expect((await store.loadActiveSecrets())[0]!.endpoints.baseUrl).toMatch(/^https?:\/\//);

        await store.setStatus('openai', second.id, 'disabled');
        await store.setStatus('deepseek', deepseek.id, 'revoked');
        expect((await store.loadActiveSecrets()).map((entry) => entry.keyId)).toEqual([first.id]);
      });

      it('openSecret returns one key, also when disabled, but not once revoked', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);
        await store.setStatus('openai', created.id, 'disabled');
        expect(await store.openSecret('openai', created.id)).toBe(openaiSecret);
        await store.setStatus('openai', created.id, 'revoked');
        expect(await errorCode(store.openSecret('openai', created.id))).toBe('invalid_state');
      });

      it('stores no plaintext: raw rows hold only ciphertext, the wrapped data key and last4', async () => {
        const store = storeWith(newOnly());
        await store.create('openai', 'production', openaiSecret);
        await store.create('deepseek', 'main', deepseekSecret);
        const rows = await rawRows();
        expect(rows).toHaveLength(2);
        const dump = JSON.stringify(rows);
        for (const secret of [openaiSecret, deepseekSecret]) {
          expect(dump).not.toContain(secret);
          expect(dump).not.toContain(secret.slice(0, 12));
          expect(dump).not.toContain(Buffer.from(secret).toString('base64').slice(0, 16));
          expect(dump).not.toContain(Buffer.from(secret).toString('hex').slice(0, 16));
        }
        expect(rows.map((row) => row.last4).sort()).toEqual(['0001', '4242']);
      });

      it('binds each ciphertext to its row: swapped rows are marked undecryptable and skipped, the others load', async () => {
        const store = storeWith(newOnly());
        const first = await store.create('openai', 'a-first', openaiSecret);
        const second = await store.create('openai', 'b-second', secondOpenaiSecret);
        const untouched = await store.create('deepseek', 'main', deepseekSecret);
        const sealedColumns = {
          ciphertext: providerKeys.ciphertext,
          nonce: providerKeys.nonce,
          authTag: providerKeys.authTag,
          wrappedDek: providerKeys.wrappedDek,
          kekId: providerKeys.kekId,
        };
        const [firstSealed] = await db().select(sealedColumns).from(providerKeys).where(eq(providerKeys.id, first.id));
        const [secondSealed] = await db().select(sealedColumns).from(providerKeys).where(eq(providerKeys.id, second.id));
        await db().update(providerKeys).set(secondSealed!).where(eq(providerKeys.id, first.id));
        await db().update(providerKeys).set(firstSealed!).where(eq(providerKeys.id, second.id));

        const reported: UndecryptableRow[] = [];
        const secrets = await store.loadActiveSecrets((row) => reported.push(row));
        expect(secrets.map((entry) => entry.keyId)).toEqual([untouched.id]);
        expect(reported).toEqual([
          { keyId: first.id, providerId: 'openai', code: 'decryption_failed', newlyMarked: true },
          { keyId: second.id, providerId: 'openai', code: 'decryption_failed', newlyMarked: true },
        ]);
        const marked = await store.get('openai', first.id);
        expect(marked).toMatchObject({ status: 'undecryptable' });
        expect(marked.statusReason).toContain('decryption_failed');
        expect(marked.statusReason).not.toContain(openaiSecret);
        // Marked once: the next load skips the rows without touching them again.
        expect((await store.loadActiveSecrets((row) => reported.push(row))).map((entry) => entry.keyId)).toEqual([untouched.id]);
        expect(reported).toHaveLength(2);
        expect(await errorCode(store.openSecret('openai', second.id))).toBe('invalid_state');
        // A fresh secret decrypts: rotating the row puts it back in service.
        expect(await store.rotate('openai', first.id, openaiSecret)).toMatchObject({ status: 'active' });
        expect((await store.loadActiveSecrets()).map((entry) => entry.keyId)).toEqual([untouched.id, first.id]);
      });
    });

    describe('status', () => {
      it('disables with a reason, enables again (clearing it), and revokes for good', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);

        const disabled = await store.setStatus('openai', created.id, 'disabled', 'billing paused');
        expect(disabled).toMatchObject({ status: 'disabled', statusReason: 'billing paused', revokedAt: null });
        expect(disabled.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

        const enabled = await store.setStatus('openai', created.id, 'active');
        expect(enabled).toMatchObject({ status: 'active', statusReason: null, revokedAt: null });

        const before = Date.now();
        const revoked = await store.setStatus('openai', created.id, 'revoked', 'leaked in a log');
        expect(revoked).toMatchObject({ status: 'revoked', statusReason: 'leaked in a log' });
        expect(revoked.revokedAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);

        expect(await errorCode(store.setStatus('openai', created.id, 'active'))).toBe('invalid_state');
        expect(await errorCode(store.setStatus('openai', created.id, 'disabled'))).toBe('invalid_state');
        expect(await errorCode(store.rotate('openai', created.id, secondOpenaiSecret))).toBe('invalid_state');
        // Revoking again is harmless and keeps the first revocation.
        expect(await store.setStatus('openai', created.id, 'revoked', 'again')).toEqual(revoked);
        expect(await store.get('openai', created.id)).toEqual(revoked);
      });

      it('refuses an unknown status or an overlong reason', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);
        const unknownStatus = 'paused' as 'active';
        expect(await errorCode(store.setStatus('openai', created.id, unknownStatus))).toBe('invalid');
        // Statuses only the gateway sets, and prototype names, are not an admin's to set.
        for (const status of ['suspect', 'needs_confirmation', 'constructor'] as unknown as 'active'[]) {
          expect(await errorCode(store.setStatus('openai', created.id, status))).toBe('invalid');
        }
        expect(await errorCode(store.setStatus('openai', created.id, 'disabled', 'r'.repeat(501)))).toBe('invalid');
        expect((await store.get('openai', created.id)).status).toBe('active');
      });

      it('moves keys along the state diagram only from the statuses each event allows, with reason and since', async () => {
        const store = storeWith(newOnly());
        const active = await store.create('openai', 'active', openaiSecret);
        const paused = await store.create('openai', 'paused', secondOpenaiSecret);
        await store.setStatus('openai', paused.id, 'disabled', 'paused by an admin');

        const soon = new Date(Date.now() + 60_000);
        const suspect = await store.transition('openai', active.id, 'upstreamRefused', 'upstream answered 401', soon);
        expect(suspect).toMatchObject({ status: 'suspect', statusReason: 'upstream answered 401' });
        expect(suspect!.statusSince.getTime()).toBeGreaterThanOrEqual(active.statusSince.getTime());
        // A second 401 (another instance) does not move it again, nor does a 401 overwrite an admin's disable.
        expect(await store.transition('openai', active.id, 'upstreamRefused', 'again')).toBeUndefined();
        expect(await store.transition('openai', paused.id, 'upstreamRefused', 'upstream answered 401')).toBeUndefined();
        expect((await store.get('openai', paused.id)).statusReason).toBe('paused by an admin');

        // Only due probes are claimed, once.
        expect(await store.claimDueProbes(new Date(), { suspect: soon, outOfCredit: soon })).toEqual([]);
        const later = new Date(Date.now() + 120_000);
        const next = { suspect: new Date(later.getTime() + 60_000), outOfCredit: new Date(later.getTime() + 300_000) };
        expect(await store.claimDueProbes(later, next)).toEqual([{ keyId: active.id, providerId: 'openai', status: 'suspect' }]);
        expect(await store.claimDueProbes(later, next)).toEqual([]);

        expect(await store.transition('openai', active.id, 'probeOutOfCredit', 'probe answered 402')).toMatchObject({
          status: 'out_of_credit',
        });
        expect(await store.transition('openai', active.id, 'probeAccepted', 'probe passed')).toMatchObject({ status: 'active' });
        expect(await store.transition('openai', active.id, 'probeAccepted', 'probe passed')).toBeUndefined();
        expect(await store.transition('openai', 'pk_missing', 'upstreamRefused', 'x')).toBeUndefined();
        expect(await store.countByStatus()).toMatchObject({ active: 1, disabled: 1, suspect: 0, undecryptable: 0 });
      });

      it('holds keys for confirmation when their origin changes, and only the confirmation releases them', async () => {
        const store = storeWith(newOnly());
        const first = await store.create('openai', 'first', openaiSecret);
        const revoked = await store.create('openai', 'revoked', secondOpenaiSecret);
        await store.setStatus('openai', revoked.id, 'revoked');
        const moved = await store.markOriginChanged('openai', 'origin changed');
        expect(moved.map((key) => key.id)).toEqual([first.id]);
        expect((await store.get('openai', revoked.id)).status).toBe('revoked');
        expect(await store.loadActiveSecrets()).toEqual([]);
        expect(await errorCode(store.openSecret('openai', first.id))).toBe('invalid_state');
        expect(await errorCode(store.setStatus('openai', first.id, 'active'))).toBe('invalid_state');
        expect(await errorCode(store.setStatus('openai', first.id, 'disabled'))).toBe('invalid_state');
        expect(await store.confirm('openai', first.id, 'confirmed')).toMatchObject({ status: 'active' });
        expect(await errorCode(store.confirm('openai', first.id, 'again'))).toBe('invalid_state');
      });

      it('cuts a long upstream reason to 500 characters', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);
        expect(await store.transition('openai', created.id, 'upstreamRefused', 'x'.repeat(2_000))).toBeDefined();
        expect((await store.get('openai', created.id)).statusReason).toHaveLength(500);
      });
    });

    describe('rotate', () => {
      it('replaces the secret under a fresh data key, keeps id, name and status, and sets rotatedAt', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);
        await store.setStatus('openai', created.id, 'disabled', 'upstream answered 401');
        const [before] = await db().select().from(providerKeys);

        const rotated = await store.rotate('openai', created.id, secondOpenaiSecret);
        expect(rotated).toMatchObject({ id: created.id, name: 'production', status: 'disabled', last4: '0002' });
        expect(rotated.rotatedAt).toBeInstanceOf(Date);
        expect(await store.openSecret('openai', created.id)).toBe(secondOpenaiSecret);

        const [after] = await db().select().from(providerKeys);
        expect(after?.ciphertext).not.toBe(before?.ciphertext);
        expect(after?.wrappedDek).not.toBe(before?.wrappedDek);
        expect(JSON.stringify(after)).not.toContain(secondOpenaiSecret);
      });

      it('refuses an empty new secret and keeps the old one', async () => {
        const store = storeWith(newOnly());
        const created = await store.create('openai', 'production', openaiSecret);
        expect(await errorCode(store.rotate('openai', created.id, ''))).toBe('invalid');
        expect(await store.openSecret('openai', created.id)).toBe(openaiSecret);
      });
    });

    describe('markUsed', () => {
      it('stamps many keys in one call, never moves backwards, and leaves updatedAt alone', async () => {
        const store = storeWith(newOnly());
        const first = await store.create('openai', 'first', openaiSecret);
        const second = await store.create('openai', 'second', secondOpenaiSecret);
        const untouched = await store.create('deepseek', 'main', deepseekSecret);
        const later = new Date('2030-01-02T03:04:05.000Z');
        const earlier = new Date('2030-01-01T00:00:00.000Z');

        await store.markUsed([first.id, second.id, first.id], later);
        await store.markUsed([first.id], earlier);
        await store.markUsed([], earlier);

        const [firstAfter, secondAfter, untouchedAfter] = await Promise.all([
          store.get('openai', first.id),
          store.get('openai', second.id),
          store.get('deepseek', untouched.id),
        ]);
        expect(firstAfter.lastUsedAt).toEqual(later);
        expect(secondAfter.lastUsedAt).toEqual(later);
        expect(untouchedAfter.lastUsedAt).toBeNull();
        expect(firstAfter.updatedAt).toEqual(first.updatedAt);
      });
    });

    describe('rewrapAll', () => {
      it('moves every row to the new KEK without touching ciphertexts; then the new KEK alone decrypts all', async () => {
        const before = storeWith(oldOnly());
        await before.create('openai', 'first', openaiSecret);
        await before.create('openai', 'second', secondOpenaiSecret);
        await before.create('deepseek', 'main', deepseekSecret);
        const rowsBefore = await db().select().from(providerKeys).orderBy(asc(providerKeys.id));
        expect(rowsBefore.map((row) => row.kekId)).toEqual(['old', 'old', 'old']);

        expect(await storeWith(duringRotation()).rewrapAll()).toEqual({ moved: 3, unchanged: 0 });

        const rowsAfter = await db().select().from(providerKeys).orderBy(asc(providerKeys.id));
        expect(rowsAfter.map((row) => row.kekId)).toEqual(['new', 'new', 'new']);
        rowsAfter.forEach((row, index) => {
          const previous = rowsBefore[index]!;
          expect(row.wrappedDek).not.toBe(previous.wrappedDek);
          expect({ ...row, kekId: previous.kekId, wrappedDek: previous.wrappedDek }).toEqual(previous);
        });

        const secrets = await storeWith(newOnly()).loadActiveSecrets();
        expect(secrets.map((entry) => entry.secret).sort()).toEqual([openaiSecret, secondOpenaiSecret, deepseekSecret].sort());
        // An instance without the new KEK cannot read the rewrapped rows: it marks them, never fails.
        const reported: UndecryptableRow[] = [];
        expect(await before.loadActiveSecrets((row) => reported.push(row))).toEqual([]);
        expect(reported.map((row) => row.code)).toEqual(['kek_not_loaded', 'kek_not_loaded', 'kek_not_loaded']);

        expect(await storeWith(duringRotation()).rewrapAll()).toEqual({ moved: 0, unchanged: 3 });
      });

      it('changes nothing and names the row when any row KEK is not loaded', async () => {
        await storeWith(oldOnly()).create('openai', 'first', openaiSecret);
        const stray = await storeWith(new EnvironmentKeyWrapper(parseKekRing(strayKek))).create(
          'openai',
          'stray',
          secondOpenaiSecret,
        );
        await storeWith(oldOnly()).create('deepseek', 'main', deepseekSecret);
        const rowsBefore = await rawRows();

        const error = await rejection(storeWith(duringRotation()).rewrapAll());
        if (!(error instanceof VaultError)) throw new Error('expected a VaultError');
        expect(error.code).toBe('kek_not_loaded');
        expect(error.providerKeyId).toBe(stray.id);
        expect(error.message).toContain(stray.id);
        expect(error.message).toContain('"stray"');
        for (const keyText of [oldKek, newKek, strayKek].map((kek) => kek.split(':')[1]!)) {
          expect(error.message).not.toContain(keyText);
        }
        expect(await rawRows()).toEqual(rowsBefore);
      });

      it('changes nothing when a row data key does not unwrap (a tampered row)', async () => {
        const store = storeWith(oldOnly());
        await store.create('openai', 'first', openaiSecret);
        const tampered = await store.create('openai', 'second', secondOpenaiSecret);
        await store.create('deepseek', 'main', deepseekSecret);
        const [other] = await db().select().from(providerKeys).where(eq(providerKeys.name, 'first'));
        await db().update(providerKeys).set({ wrappedDek: other!.wrappedDek }).where(eq(providerKeys.id, tampered.id));
        const rowsBefore = await rawRows();

        await expect(storeWith(duringRotation()).rewrapAll()).rejects.toThrow(`could not decrypt provider key ${tampered.id}`);
        expect(await rawRows()).toEqual(rowsBefore);
      });

      it('does not overwrite a secret rotated while the run was under way', async () => {
        const store = storeWith(oldOnly());
        const racing = await store.create('openai', 'racing', openaiSecret);
        await store.create('deepseek', 'main', deepseekSecret);
        // Another gateway instance, still on the old ring, rotates the key between the run's read and its write.
        const interrupting = new InterruptingWrapper(duringRotation(), async () => {
          await storeWith(oldOnly()).rotate('openai', racing.id, secondOpenaiSecret);
        });

        expect(await storeWith(interrupting).rewrapAll()).toEqual({ moved: 2, unchanged: 0 });
        expect(interrupting.interrupted).toBe(true);
        const reader = storeWith(newOnly());
        expect(await reader.openSecret('openai', racing.id)).toBe(secondOpenaiSecret);
        expect((await reader.loadActiveSecrets()).map((entry) => entry.secret).sort()).toEqual(
          [secondOpenaiSecret, deepseekSecret].sort(),
        );
      });
    });
  });
}

/** Delegates to a real wrapper, and runs `interruption` once, on the first unwrap. */
class InterruptingWrapper implements KeyWrapper {
  interrupted = false;

  constructor(
    private readonly inner: KeyWrapper,
    private readonly interruption: () => Promise<void>,
  ) {}

  get currentKekId(): string {
    return this.inner.currentKekId;
  }

  canUnwrap(kekId: string): boolean {
    return this.inner.canUnwrap(kekId);
  }

  wrap(dataKey: Buffer, context: ProviderKeyContext): Promise<WrappedDataKey> {
    return this.inner.wrap(dataKey, context);
  }

  async unwrap(wrappedDek: string, kekId: string, context: ProviderKeyContext): Promise<Buffer> {
    if (!this.interrupted) {
      this.interrupted = true;
      await this.interruption();
    }
    return this.inner.unwrap(wrappedDek, kekId, context);
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function errorCode(promise: Promise<unknown>): Promise<ProviderKeyStoreErrorCode> {
  const error = await rejection(promise);
  if (!(error instanceof ProviderKeyStoreError)) throw new Error(`expected a ProviderKeyStoreError, got ${String(error)}`);
  return error.code;
}
