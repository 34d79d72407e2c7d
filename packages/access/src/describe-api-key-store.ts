import { type Database, type DatabaseDriver, type DatabaseHandle, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessError, type AccessErrorCode } from './access-error';
import { hashApiKey, parseApiKey } from './api-key-format';
import { ApiKeyStore } from './api-key-store';
import { TeamStore } from './team-store';

export interface ApiKeyStoreFixture {
  database: DatabaseHandle;
  /** Closes the database and removes whatever the fixture created for it. */
  dispose(): Promise<void>;
}

const summaryFields = [
  'id',
  'name',
  'prefix',
  'last4',
  'owner',
  'allowedModels',
  'modelAliases',
  'allowedEndpoints',
  'ipAllowlist',
  'expiresAt',
  'defaultPolicy',
  'metadata',
  'rpmLimit',
  'tpmLimit',
  'concurrencyLimit',
  'budgetMicros',
  'budgetPeriod',
  'allowDebug',
  'responseCacheTtlSeconds',
  'teamId',
  'ledgerKeyId',
  'rotatedFromId',
  'createdAt',
  'updatedAt',
  'revokedAt',
];

/** The API key store contract, written once and run against every driver. */
export function describeApiKeyStore(driver: DatabaseDriver, open: () => Promise<ApiKeyStoreFixture>): void {
  describe(`ApiKeyStore on ${driver}`, () => {
    let fixture: ApiKeyStoreFixture;
    const db = (): Database => fixture.database.db;

    beforeAll(async () => {
      fixture = await open();
      await fixture.database.migrate();
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    beforeEach(async () => {
      await db().execute(sql`truncate table api_keys, teams`);
    });

    async function rawRows(): Promise<Record<string, unknown>[]> {
      return queryRows(db(), sql`select * from api_keys order by created_at, id`);
    }

    it('puts a key in at most one team, carries the team into authentication, and refuses an unknown team', async () => {
      const teams = new TeamStore(db());
      const team = await teams.create({ name: 'search', budgetUsd: 10, budgetPeriod: 'month', rpmLimit: 5 });
      expect(team.id).toMatch(/^team_/);
      const store = new ApiKeyStore(db());
      const { key, summary } = await store.create({ name: 'member', teamId: team.id });
      expect(summary.teamId).toBe(team.id);
      expect((await store.findByHash(hashApiKey(key)))?.team).toMatchObject({
        id: team.id,
        budgetMicros: 10_000_000,
        rpmLimit: 5,
      });
      expect((await teams.members(team.id)).map((member) => member.id)).toEqual([summary.id]);
      expect(await errorCode(store.update(summary.id, { teamId: 'team_missing' }))).toBe('invalid');
      expect(await errorCode(store.create({ name: 'bad', teamId: 'not-a-team' }))).toBe('invalid');
      // Deleting the team leaves its keys, without a team.
      await teams.delete(team.id);
      expect((await store.get(summary.id)).teamId).toBeNull();
    });

    it('rotates a key: a successor with the same settings and ledger identity, the old key expiring after the overlap', async () => {
      const now = new Date('2030-05-01T12:00:00.000Z');
      const store = new ApiKeyStore(db(), () => now);
      const team = await new TeamStore(db()).create({ name: 'rotating' });
      const old = await store.create({ name: 'service', rpmLimit: 7, budgetUsd: 3, budgetPeriod: 'day', teamId: team.id });
      const { created, previous } = await store.rotate(old.summary.id, 3600);
      expect(created.key).not.toBe(old.key);
      expect(created.summary).toMatchObject({
        name: 'service',
        rpmLimit: 7,
        budgetMicros: 3_000_000,
        budgetPeriod: 'day',
        teamId: team.id,
        ledgerKeyId: old.summary.id,
        rotatedFromId: old.summary.id,
        expiresAt: null,
      });
      expect(previous.expiresAt).toEqual(new Date('2030-05-01T13:00:00.000Z'));
      expect(previous.name).toBe(`service (rotated ${old.summary.id})`);
      // A second rotation keeps the first identity, so the budget still continues.
      const again = await store.rotate(created.summary.id, 0);
      expect(again.created.summary.ledgerKeyId).toBe(old.summary.id);
      expect(await errorCode(store.rotate(created.summary.id, 60))).toBe('invalid');
      expect(await errorCode(store.rotate('key_missing', 60))).toBe('not_found');
    });

    it('creates a key with defaults, returns it once and stores only its SHA-256', async () => {
      const store = new ApiKeyStore(db());
      const { key, summary } = await store.create({ name: 'ci' });
      expect(parseApiKey(key)).toEqual({ ok: true, key });
      expect(summary).toMatchObject({
        name: 'ci',
        prefix: key.slice(0, 12),
        last4: key.slice(-4),
        owner: null,
        allowedModels: null,
        modelAliases: null,
        allowedEndpoints: null,
        ipAllowlist: null,
        expiresAt: null,
        defaultPolicy: null,
        metadata: {},
        rpmLimit: null,
        tpmLimit: null,
        concurrencyLimit: null,
        budgetMicros: null,
        budgetPeriod: null,
        allowDebug: false,
        revokedAt: null,
      });
      expect(summary.id).toMatch(/^key_[0-9A-Za-z]{20}$/);
      expect(summary.createdAt).toBeInstanceOf(Date);
      expect(Object.keys(summary).sort()).toEqual([...summaryFields].sort());

      const rows = await rawRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.key_hash).toBe(hashApiKey(key));
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(key);
      expect(dump).not.toContain(key.slice(12, -4));
    });

    it('stores every field, reads it back by id and by hash', async () => {
      const store = new ApiKeyStore(db());
      const { key, summary } = await store.create({
        name: 'search',
        owner: 'team-search',
        allowedModels: ['deepseek/*', 'fast'],
        modelAliases: { 'claude-sonnet-*': ['deepseek-v4-pro', 'deepseek/deepseek-v4-flash'] },
        allowedEndpoints: ['/v1/chat/completions'],
        ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'],
        expiresAt: '2030-01-02T03:04:05.678Z',
        defaultPolicy: 'latency',
        metadata: { ticket: 'OPS-1', tags: ['a', 'b'] },
        rpmLimit: 60,
        tpmLimit: 90_000,
        concurrencyLimit: 3,
        budgetUsd: 25.5,
        budgetPeriod: 'week',
        allowDebug: true,
      });
      expect(summary).toMatchObject({
        owner: 'team-search',
        allowedModels: ['deepseek/*', 'fast'],
        modelAliases: { 'claude-sonnet-*': ['deepseek-v4-pro', 'deepseek/deepseek-v4-flash'] },
        allowedEndpoints: ['/v1/chat/completions'],
        ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'],
        expiresAt: new Date('2030-01-02T03:04:05.678Z'),
        defaultPolicy: 'latency',
        metadata: { ticket: 'OPS-1', tags: ['a', 'b'] },
        rpmLimit: 60,
        tpmLimit: 90_000,
        concurrencyLimit: 3,
        budgetMicros: 25_500_000,
        budgetPeriod: 'week',
        allowDebug: true,
      });
      expect(await store.get(summary.id)).toEqual(summary);
      expect(await store.findByHash(hashApiKey(key))).toEqual({ ...summary, team: null });
      expect(await store.findByHash(hashApiKey(`${key.slice(0, -1)}x`))).toBeUndefined();
      expect(await store.findByHash(key)).toBeUndefined();
      expect(await errorCode(store.get('key_missing'))).toBe('not_found');
    });

    it('lists every key oldest first, revoked ones too, without hashes or keys', async () => {
      const store = new ApiKeyStore(db());
      const first = await store.create({ name: 'first' });
      const second = await store.create({ name: 'second' });
      await store.revoke(first.summary.id);
      const listed = await store.list();
      expect(listed.map((key) => key.name)).toEqual(['first', 'second']);
      expect(listed[0]?.revokedAt).toBeInstanceOf(Date);
      expect(listed[1]?.revokedAt).toBeNull();
      const dump = JSON.stringify(listed);
      for (const created of [first, second]) {
        expect(dump).not.toContain(created.key);
        expect(dump).not.toContain(hashApiKey(created.key));
      }
      for (const key of listed) expect(Object.keys(key).sort()).toEqual([...summaryFields].sort());
    });

    it('updates with PATCH semantics: absent fields stay, null clears, updatedAt moves', async () => {
      const store = new ApiKeyStore(db());
      const { summary } = await store.create({
        name: 'ci',
        owner: 'ops',
        allowedModels: ['gpt-4o*'],
        rpmLimit: 10,
        budgetUsd: 5,
        budgetPeriod: 'day',
        metadata: { a: 1 },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await store.update(summary.id, { rpmLimit: 20, allowedModels: null, metadata: { b: 2 }, name: 'ci-2' });
      expect(updated).toMatchObject({
        name: 'ci-2',
        owner: 'ops',
        allowedModels: null,
        rpmLimit: 20,
        budgetMicros: 5_000_000,
        budgetPeriod: 'day',
        metadata: { b: 2 },
      });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(summary.updatedAt.getTime());
      expect(updated.createdAt).toEqual(summary.createdAt);
      expect(await store.get(summary.id)).toEqual(updated);

      // Budget amount alone keeps the period; clearing both clears the budget.
      expect(await store.update(summary.id, { budgetUsd: 7.25 })).toMatchObject({ budgetMicros: 7_250_000, budgetPeriod: 'day' });
      expect(await store.update(summary.id, { budgetUsd: null, budgetPeriod: null })).toMatchObject({
        budgetMicros: null,
        budgetPeriod: null,
      });
      expect(await store.update(summary.id, {})).toEqual(await store.get(summary.id));
    });

    it('refuses an update that would leave a budget without its period, changing nothing', async () => {
      const store = new ApiKeyStore(db());
      const { summary } = await store.create({ name: 'ci', rpmLimit: 5 });
      const error = await rejection(store.update(summary.id, { budgetUsd: 10, rpmLimit: 6 }));
      expect(error).toBeInstanceOf(AccessError);
      expect(error).toMatchObject({ code: 'invalid', message: 'budgetUsd and budgetPeriod must be set together' });
      expect(await store.get(summary.id)).toEqual(summary);
      expect(await store.update(summary.id, { budgetUsd: 10, budgetPeriod: 'total' })).toMatchObject({
        budgetMicros: 10_000_000,
        budgetPeriod: 'total',
      });
      expect(await errorCode(store.update(summary.id, { budgetPeriod: null }))).toBe('invalid');
    });

    it('refuses duplicate names, invalid fields and unknown ids', async () => {
      const store = new ApiKeyStore(db());
      const { summary } = await store.create({ name: 'ci' });
      const other = await store.create({ name: 'other' });
      expect(await errorCode(store.create({ name: 'ci' }))).toBe('conflict');
      expect(await errorCode(store.update(other.summary.id, { name: 'ci' }))).toBe('conflict');
      expect(await errorCode(store.create({ name: 'bad', rpmLimit: -1 }))).toBe('invalid');
      expect(await errorCode(store.update(summary.id, { ipAllowlist: ['nope'] }))).toBe('invalid');
      expect(await errorCode(store.update('key_missing', { rpmLimit: 1 }))).toBe('not_found');
      expect(await errorCode(store.update('key_missing', {}))).toBe('not_found');
      expect((await rawRows()).map((row) => row.name)).toEqual(['ci', 'other']);
    });

    it('revokes once: the first revokedAt stays, unknown ids are not_found', async () => {
      let now = new Date('2030-05-01T12:00:00.000Z');
      const store = new ApiKeyStore(db(), () => now);
      const { key, summary } = await store.create({ name: 'ci' });
      const revoked = await store.revoke(summary.id);
      expect(revoked.revokedAt).toEqual(now);
      now = new Date('2030-05-02T12:00:00.000Z');
      expect((await store.revoke(summary.id)).revokedAt).toEqual(revoked.revokedAt);
      expect((await store.findByHash(hashApiKey(key)))?.revokedAt).toEqual(revoked.revokedAt);
      expect(await errorCode(store.revoke('key_missing'))).toBe('not_found');
    });

    it('works inside a transaction, so an audit row can commit or roll back with the change', async () => {
      await rejection(
        db().transaction(async (transaction) => {
          await new ApiKeyStore(transaction).create({ name: 'rolled-back' });
          throw new Error('audit write failed');
        }),
      );
      expect(await rawRows()).toEqual([]);
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
