import { adminTokens, type Database, type DatabaseDriver, type DatabaseHandle, queryRows } from '@switchboard/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessError, type AccessErrorCode } from './access-error';
import { generateAdminToken, hashToken } from './admin-token-format';
import { AdminTokenStore } from './admin-token-store';

export interface AdminTokenStoreFixture {
  database: DatabaseHandle;
  /** Closes the database and removes whatever the fixture created for it. */
  dispose(): Promise<void>;
}

const summaryFields = ['id', 'name', 'role', 'prefix', 'last4', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'];

/** The admin-token store contract, written once and run against every driver. */
export function describeAdminTokenStore(driver: DatabaseDriver, open: () => Promise<AdminTokenStoreFixture>): void {
  describe(`AdminTokenStore on ${driver}`, () => {
    let fixture: AdminTokenStoreFixture;
    const db = (): Database => fixture.database.db;

    beforeAll(async () => {
      fixture = await open();
      await fixture.database.migrate();
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    beforeEach(async () => {
      await db().execute(sql`truncate table admin_tokens`);
    });

    async function rawRows(): Promise<Record<string, unknown>[]> {
      return queryRows(db(), sql`select * from admin_tokens order by created_at, id`);
    }

    describe('create, verify, list, revoke', () => {
      it('returns the token once and stores only its SHA-256', async () => {
        const store = new AdminTokenStore(db());
        const { token, summary } = await store.create({ name: 'ops', role: 'keys', createdBy: 'adm_creator' });
        expect(token).toMatch(/^sb_admin_[0-9A-Za-z]{43}$/);
        expect(summary).toMatchObject({
          name: 'ops',
          role: 'keys',
          prefix: token.slice(0, 13),
          last4: token.slice(-4),
          createdBy: 'adm_creator',
          lastUsedAt: null,
          revokedAt: null,
        });
        expect(summary.id).toMatch(/^adm_[0-9A-Za-z]{20}$/);
        expect(Object.keys(summary).sort()).toEqual([...summaryFields].sort());

        const rows = await rawRows();
        expect(rows).toHaveLength(1);
        expect(rows[0]?.token_hash).toBe(hashToken(token));
        const dump = JSON.stringify(rows);
        expect(dump).not.toContain(token);
        expect(dump).not.toContain(token.slice(13, -4));
      });

      it('verifies a live token to its summary, and nothing else', async () => {
        const store = new AdminTokenStore(db());
        const { token, summary } = await store.create({ name: 'ops', role: 'billing', createdBy: null });
        const verified = await store.verify(token);
        expect(verified).toEqual({ ...summary, lastUsedAt: verified?.lastUsedAt });
        expect(Object.keys(verified!).sort()).toEqual([...summaryFields].sort());

        expect(await store.verify(generateAdminToken())).toBeUndefined();
        const lastCharacter = token.endsWith('A') ? 'B' : 'A';
        expect(await store.verify(`${token.slice(0, -1)}${lastCharacter}`)).toBeUndefined();
        expect(await store.verify(`${token} `)).toBeUndefined();
        expect(await store.verify(token.toUpperCase())).toBeUndefined();
        expect(await store.verify(hashToken(token))).toBeUndefined();
      });

      it('lists every token, revoked ones too, without hashes', async () => {
        const store = new AdminTokenStore(db());
        const first = await store.create({ name: 'first', role: 'admin', createdBy: null });
        const second = await store.create({ name: 'second', role: 'billing', createdBy: first.summary.id });
        await store.revoke(second.summary.id);
        const listed = await store.list();
        expect(listed.map((token) => token.name).sort()).toEqual(['first', 'second']);
        expect(listed.find((token) => token.name === 'second')?.revokedAt).toBeInstanceOf(Date);
        const dump = JSON.stringify(listed);
        for (const created of [first, second]) {
          expect(dump).not.toContain(created.token);
          expect(dump).not.toContain(hashToken(created.token));
        }
        for (const token of listed) expect(Object.keys(token).sort()).toEqual([...summaryFields].sort());
      });

      it('revokes: the token stops verifying, revoking twice keeps the first time, unknown ids are not_found', async () => {
        const store = new AdminTokenStore(db());
        const { token, summary } = await store.create({ name: 'ops', role: 'admin', createdBy: null });
        const revoked = await store.revoke(summary.id);
        expect(revoked.revokedAt).toBeInstanceOf(Date);
        expect(await store.verify(token)).toBeUndefined();
        expect(await store.revoke(summary.id)).toEqual(revoked);
        expect(await errorCode(store.revoke('adm_missing'))).toBe('not_found');
      });

      it('refuses a duplicate name, the reserved bootstrap name, bad names and unknown roles', async () => {
        const store = new AdminTokenStore(db());
        await store.create({ name: 'ops', role: 'admin', createdBy: null });
        expect(await errorCode(store.create({ name: 'ops', role: 'billing', createdBy: null }))).toBe('conflict');
        expect(await errorCode(store.create({ name: 'bootstrap', role: 'admin', createdBy: null }))).toBe('invalid');
        for (const name of ['', '  ', 'x'.repeat(65), 'tab\there']) {
          expect(await errorCode(store.create({ name, role: 'admin', createdBy: null }))).toBe('invalid');
        }
        const unknownRole = 'root' as 'admin';
        expect(await errorCode(store.create({ name: 'root', role: unknownRole, createdBy: null }))).toBe('invalid');
        expect(await rawRows()).toHaveLength(1);
      });

      it('records lastUsedAt at most once a minute', async () => {
        let now = new Date('2030-05-01T12:00:00.000Z');
        const store = new AdminTokenStore(db(), () => now);
        const { token, summary } = await store.create({ name: 'ops', role: 'admin', createdBy: null });
        const lastUsed = async () => (await db().select().from(adminTokens).where(eq(adminTokens.id, summary.id)))[0]?.lastUsedAt;

        const start = now;
        expect((await store.verify(token))?.lastUsedAt).toEqual(start);
        expect(await lastUsed()).toEqual(start);

        now = new Date(start.getTime() + 59_000);
        expect((await store.verify(token))?.lastUsedAt).toEqual(start);
        expect(await lastUsed()).toEqual(start);

        now = new Date(start.getTime() + 61_000);
        expect((await store.verify(token))?.lastUsedAt).toEqual(now);
        expect(await lastUsed()).toEqual(now);
      });
    });

    describe('ensureBootstrap without ADMIN_TOKEN', () => {
      it('creates an admin token once and returns it once', async () => {
        const store = new AdminTokenStore(db());
        const first = await store.ensureBootstrap(undefined);
        expect(first.created).toBe(true);
        expect(first.token).toMatch(/^sb_admin_[0-9A-Za-z]{43}$/);
        expect(await store.verify(first.token!)).toMatchObject({ name: 'bootstrap', role: 'admin', createdBy: null });

        expect(first.action).toBe('minted');
        expect(await store.ensureBootstrap(undefined)).toEqual({ created: false, action: 'unchanged' });
        expect(await store.ensureBootstrap('')).toEqual({ created: false, action: 'unchanged' });
        expect(await rawRows()).toHaveLength(1);
        expect(await store.verify(first.token!)).toBeDefined();
      });

      it('does nothing while another live admin-role token exists', async () => {
        const store = new AdminTokenStore(db());
        await store.create({ name: 'ops', role: 'admin', createdBy: null });
        expect(await store.ensureBootstrap(undefined)).toEqual({ created: false, action: 'unchanged' });
        expect((await store.list()).map((token) => token.name)).toEqual(['ops']);
      });

      it('creates one when only non-admin or revoked tokens exist, replacing a revoked bootstrap', async () => {
        const store = new AdminTokenStore(db());
        await store.create({ name: 'finance', role: 'billing', createdBy: null });
        const first = await store.ensureBootstrap(undefined);
        expect(first.created).toBe(true);
        const [bootstrap] = (await store.list()).filter((token) => token.name === 'bootstrap');
        await store.revoke(bootstrap!.id);

        const second = await store.ensureBootstrap(undefined);
        expect(second.created).toBe(true);
        expect(second.token).not.toBe(first.token);
        expect(await store.verify(first.token!)).toBeUndefined();
        expect(await store.verify(second.token!)).toMatchObject({ id: bootstrap!.id, role: 'admin', revokedAt: null });
        expect(await rawRows()).toHaveLength(2);
      });

      it('hands out exactly one token when several instances start at once', async () => {
        const stores = [1, 2, 3, 4].map(() => new AdminTokenStore(db()));
        const results = await Promise.all(stores.map((store) => store.ensureBootstrap(undefined)));
        const created = results.filter((result) => result.created);
        expect(created).toHaveLength(1);
        expect(await stores[0]!.verify(created[0]!.token!)).toMatchObject({ name: 'bootstrap' });
        expect(await rawRows()).toHaveLength(1);
      });
    });

    describe('ensureBootstrap with ADMIN_TOKEN', () => {
      it('stores the hash of ADMIN_TOKEN as the bootstrap admin token, never echoing it, idempotently', async () => {
        const store = new AdminTokenStore(db());
        const environmentToken = generateAdminToken();
        const result = await store.ensureBootstrap(environmentToken);
        expect(result).toEqual({ created: false, action: 'created' });
        expect(JSON.stringify(result)).not.toContain(environmentToken);
        const verified = await store.verify(environmentToken);
        expect(verified).toMatchObject({ name: 'bootstrap', role: 'admin', last4: environmentToken.slice(-4) });

        const before = await rawRows();
        expect(before[0]?.token_hash).toBe(hashToken(environmentToken));
        expect(await store.ensureBootstrap(environmentToken)).toEqual({ created: false, action: 'unchanged' });
        expect(await rawRows()).toEqual(before);
      });

      it('replaces the hash when ADMIN_TOKEN changes, keeping the row', async () => {
        const store = new AdminTokenStore(db());
        const oldToken = generateAdminToken();
        const newToken = generateAdminToken();
        await store.ensureBootstrap(oldToken);
        const old = await store.verify(oldToken);
        expect(old?.lastUsedAt).toBeInstanceOf(Date);

        expect(await store.ensureBootstrap(newToken)).toEqual({ created: false, action: 'rotated' });
        expect(await store.verify(oldToken)).toBeUndefined();
        const rows = await rawRows();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ id: old!.id, token_hash: hashToken(newToken), last_used_at: null });
        expect(await store.verify(newToken)).toMatchObject({ id: old!.id, last4: newToken.slice(-4) });
      });

      it('never un-revokes a revoked bootstrap token with the same ADMIN_TOKEN; a new ADMIN_TOKEN rotates it back in', async () => {
        const store = new AdminTokenStore(db());
        const environmentToken = generateAdminToken();
        await store.create({ name: 'ops', role: 'admin', createdBy: null });
        await store.ensureBootstrap(environmentToken);
        const bootstrap = await store.verify(environmentToken);
        await store.revoke(bootstrap!.id);
        expect(await store.verify(environmentToken)).toBeUndefined();

        for (let restart = 0; restart < 2; restart++) {
          expect(await store.ensureBootstrap(environmentToken)).toEqual({ created: false, action: 'refused_revoked' });
          expect(await store.verify(environmentToken)).toBeUndefined();
        }
        const rotatedToken = generateAdminToken();
        expect(await store.ensureBootstrap(rotatedToken)).toEqual({ created: false, action: 'rotated' });
        expect(await store.verify(rotatedToken)).toMatchObject({ id: bootstrap!.id, revokedAt: null });
        expect(await store.verify(environmentToken)).toBeUndefined();
      });

      it('refuses a malformed ADMIN_TOKEN with instructions, without quoting it', async () => {
        const store = new AdminTokenStore(db());
        const malformed = 'my-very-secret-password';
        const error = await rejection(store.ensureBootstrap(malformed));
        if (!(error instanceof AccessError)) throw new Error('expected an AccessError');
        expect(error.code).toBe('invalid');
        expect(error.message).toContain('ADMIN_TOKEN');
        expect(error.message).toContain('openssl rand');
        expect(error.message).not.toContain(malformed);
        expect(await rawRows()).toEqual([]);
      });

      it('refuses an ADMIN_TOKEN that is already another token', async () => {
        const store = new AdminTokenStore(db());
        const { token } = await store.create({ name: 'ops', role: 'billing', createdBy: null });
        expect(await errorCode(store.ensureBootstrap(token))).toBe('conflict');
        expect(await store.verify(token)).toMatchObject({ name: 'ops', role: 'billing' });
      });
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function errorCode(promise: Promise<unknown>): Promise<AccessErrorCode> {
  const error = await rejection(promise);
  if (!(error instanceof AccessError)) throw new Error(`expected an AccessError, got ${String(error)}`);
  return error.code;
}
