import { count, eq, sql, sum } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseDriver, DatabaseHandle, MigrationResult } from './database';
import { migrationsFolder } from './migrations-folder';
import { postgresErrorCode, postgresErrorCodes } from './postgres-error-code';
import { queryRows } from './query-rows';
import { readMigrationJournal } from './read-migration-journal';
import {
  adminTokens,
  apiKeys,
  auditLog,
  type NewApiKeyRow,
  type NewProviderKeyRow,
  type NewUsageEventRow,
  type NewUsageRollupRow,
  providerKeys,
  providerModels,
  providers,
  usageEvents,
  usageRollups,
} from './schema';

export interface DataLayerFixture {
  database: DatabaseHandle;
  /** Closes the database and removes whatever the fixture created for it. */
  dispose(): Promise<void>;
}

/**
 * The data-layer contract, written once and run against every driver: the committed migrations,
 * constraints, cascades, exact money and the upserts the usage pipeline relies on.
 */
export function describeDataLayer(driver: DatabaseDriver, open: () => Promise<DataLayerFixture>): void {
  describe(`data layer on ${driver}`, () => {
    let fixture: DataLayerFixture;
    let firstMigration: MigrationResult;
    const db = () => fixture.database.db;

    beforeAll(async () => {
      fixture = await open();
      firstMigration = await fixture.database.migrate();
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    beforeEach(async () => {
      await db().execute(
        sql`truncate table providers, provider_models, provider_keys, api_keys, admin_tokens, audit_log, usage_events, usage_rollups, usage_dead_letters restart identity cascade`,
      );
    });

    it('opens the expected driver', () => {
      expect(fixture.database.driver).toBe(driver);
    });

    it('applies every committed migration on a fresh database, and re-applies as a no-op', async () => {
      const tags = readMigrationJournal(migrationsFolder).map((entry) => entry.tag);
      expect(tags.length).toBeGreaterThan(0);
      expect(firstMigration.applied).toEqual(tags);

      await db().insert(providers).values(providerRow('deepseek'));
      const again = await fixture.database.migrate();
      expect(again.applied).toEqual([]);
      expect(await db().select({ id: providers.id }).from(providers)).toEqual([{ id: 'deepseek' }]);
      const recorded = await queryRows<{ total: number }>(
        db(),
        sql`select count(*)::int as total from drizzle.__drizzle_migrations`,
      );
      expect(recorded).toEqual([{ total: tags.length }]);
    });

    describe('round trips', () => {
      it('providers, with defaults filled in', async () => {
        const before = Date.now();
        await db().insert(providers).values(providerRow('deepseek'));
        await db()
          .insert(providers)
          .values({
            ...providerRow('azure'),
            adapter: 'azure-openai',
            apiVersion: '2024-10-21',
            headers: { 'x-team': 'core' },
            keyOptional: true,
            enabled: false,
          });
        const [deepseek] = await db().select().from(providers).where(eq(providers.id, 'deepseek'));
        expect(deepseek).toMatchObject({
          ...providerRow('deepseek'),
          apiVersion: null,
          headers: {},
          keyOptional: false,
          enabled: true,
        });
        expect(deepseek?.createdAt).toBeInstanceOf(Date);
        expect(deepseek?.createdAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
        const [azure] = await db().select().from(providers).where(eq(providers.id, 'azure'));
        expect(azure).toMatchObject({ adapter: 'azure-openai', apiVersion: '2024-10-21', headers: { 'x-team': 'core' } });
        expect(azure).toMatchObject({ keyOptional: true, enabled: false });
      });

      it('providers refresh updated_at on update', async () => {
        const longAgo = new Date('2020-01-01T00:00:00.000Z');
        await db()
          .insert(providers)
          .values({ ...providerRow('deepseek'), createdAt: longAgo, updatedAt: longAgo });
        await db().update(providers).set({ name: 'DeepSeek (renamed)' }).where(eq(providers.id, 'deepseek'));
        const [row] = await db().select().from(providers);
        expect(row?.createdAt).toEqual(longAgo);
        expect(row?.updatedAt.getTime()).toBeGreaterThan(longAgo.getTime());
      });

      it('provider_models', async () => {
        await db().insert(providers).values(providerRow('deepseek'));
        const model = {
          providerId: 'deepseek',
          modelId: 'deepseek-chat',
          upstream: 'deepseek-chat',
          kind: 'chat' as const,
          inputPriceMicros: 270_000,
          cachedInputPriceMicros: 70_000,
          cacheWritePriceMicros: 270_000,
          outputPriceMicros: 1_100_000,
          contextWindow: 64_000,
          maxOutputTokens: 8_192,
          defaultOutputTokens: 4_096,
          capabilities: { tools: true, jsonMode: true },
        };
        await db().insert(providerModels).values(model);
        await db().insert(providerModels).values({ providerId: 'deepseek', modelId: 'embedder', upstream: 'embed-v1' });
        const rows = await db().select().from(providerModels).orderBy(providerModels.modelId);
        expect(rows).toEqual([
          model,
          {
            providerId: 'deepseek',
            modelId: 'embedder',
            upstream: 'embed-v1',
            kind: 'chat',
            inputPriceMicros: null,
            cachedInputPriceMicros: null,
            cacheWritePriceMicros: null,
            outputPriceMicros: null,
            contextWindow: null,
            maxOutputTokens: null,
            defaultOutputTokens: null,
            capabilities: {},
          },
        ]);
      });

      it('provider_keys', async () => {
        await db().insert(providers).values(providerRow('openai'));
        const rotatedAt = new Date('2025-03-04T05:06:07.089Z');
        const key = { ...providerKeyRow('pk_1', 'openai', 'primary'), rotatedAt, statusReason: 'rotated by hand' };
        await db().insert(providerKeys).values(key);
        const [row] = await db().select().from(providerKeys);
        expect(row).toMatchObject({ ...key, status: 'active', lastUsedAt: null, revokedAt: null });
      });

      it('api_keys', async () => {
        const expiresAt = new Date('2030-01-01T00:00:00.000Z');
        const key: NewApiKeyRow = {
          ...apiKeyRow('key_1', 'a'.repeat(64), 'backend'),
          owner: 'team-core',
          allowedModels: ['deepseek-chat', 'gpt-4o-mini'],
          allowedEndpoints: ['chat.completions'],
          ipAllowlist: ['10.0.0.0/8'],
          expiresAt,
          defaultPolicy: 'cheapest',
          metadata: { costCenter: 42, tags: ['a'] },
          rpmLimit: 600,
          tpmLimit: 1_000_000,
          concurrencyLimit: 8,
          budgetMicros: 25_000_000,
          budgetPeriod: 'month',
          allowDebug: true,
        };
        await db().insert(apiKeys).values(key);
        await db()
          .insert(apiKeys)
          .values(apiKeyRow('key_2', 'b'.repeat(64), 'minimal'));
        const [full] = await db().select().from(apiKeys).where(eq(apiKeys.id, 'key_1'));
        expect(full).toMatchObject({ ...key, revokedAt: null });
        const [minimal] = await db().select().from(apiKeys).where(eq(apiKeys.id, 'key_2'));
        expect(minimal).toMatchObject({
          allowedModels: null,
          ipAllowlist: null,
          metadata: {},
          budgetMicros: null,
          budgetPeriod: null,
          allowDebug: false,
        });
      });

      it('admin_tokens', async () => {
        const token = { ...adminTokenRow('adm_1', 'ops'), role: 'billing' as const, createdBy: 'adm_0' };
        await db().insert(adminTokens).values(token);
        const [row] = await db().select().from(adminTokens);
        expect(row).toMatchObject({ ...token, lastUsedAt: null, revokedAt: null });
      });

      it('audit_log, with increasing ids', async () => {
        const entry = {
          actor: 'bootstrap',
          action: 'provider_key.rotate',
          targetType: 'provider_key',
          targetId: 'pk_1',
          requestId: 'req_1',
          details: { kekId: 'v2' },
        };
        const inserted = await db()
          .insert(auditLog)
          .values([entry, { ...entry, requestId: 'req_2', details: {} }])
          .returning({ id: auditLog.id });
        expect(inserted.map((row) => row.id)).toEqual([1, 2]);
        const rows = await db().select().from(auditLog).orderBy(auditLog.id);
        expect(rows[0]).toMatchObject({ id: 1, ...entry });
        expect(rows[0]?.occurredAt).toBeInstanceOf(Date);
        expect(rows[1]).toMatchObject({ id: 2, details: {} });
      });

      it('usage_events', async () => {
        const event = {
          ...usageEventRow('req_1', 1_234),
          clientRequestId: 'client-trace-1',
          upstreamId: 'chatcmpl-upstream-1',
          apiKeyId: 'key_1',
          providerId: 'deepseek',
          upstreamModel: 'deepseek-chat',
          stream: true,
          attempts: 2,
          inputTokens: 1_000,
          cachedInputTokens: 200,
          cacheWriteTokens: 50,
          outputTokens: 300,
          reasoningTokens: 120,
          cacheWrite1hTokens: 20,
          costPicos: 1_234_000_000,
          cacheSavingsMicros: 56,
          cacheSavingsPicos: 56_000_000,
          tags: ['checkout', 'prod'],
          endUser: 'user-42',
          priceVersionId: 'pv_1',
          unpriced: false,
          estimated: true,
          estimatedReason: 'no_usage_reported',
          overage: true,
          firstTokenMs: 180,
          errorCode: 'upstream_timeout',
          teamId: 'team_1',
        };
        await db().insert(usageEvents).values(event);
        const [row] = await db().select().from(usageEvents);
        // upstream_id (the provider's own answer id) is optional and not set here.
        expect(row).toEqual(event);
      });

      it('usage_rollups, with zero counters by default', async () => {
        const bucketStart = new Date('2025-06-01T10:00:00.000Z');
        await db().insert(usageRollups).values({ granularity: 'hour', bucketStart, model: 'deepseek-chat' });
        const [row] = await db().select().from(usageRollups);
        expect(row).toEqual({
          granularity: 'hour',
          bucketStart,
          apiKeyId: '',
          teamId: '',
          providerId: '',
          model: 'deepseek-chat',
          requests: 0,
          refused: 0,
          errors: 0,
          inputTokens: 0,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
          costMicros: 0,
          costPicos: 0,
          unpricedRequests: 0,
          cacheSavingsMicros: 0,
          cacheSavingsPicos: 0,
        });
      });
    });

    describe('unique constraints', () => {
      it('a provider key name is unique per provider, not globally', async () => {
        await db()
          .insert(providers)
          .values([providerRow('openai'), providerRow('deepseek')]);
        await db()
          .insert(providerKeys)
          .values(providerKeyRow('pk_1', 'openai', 'primary'));
        await db()
          .insert(providerKeys)
          .values(providerKeyRow('pk_2', 'deepseek', 'primary'));
        expect(
          await rejectionCode(
            db()
              .insert(providerKeys)
              .values(providerKeyRow('pk_3', 'openai', 'primary')),
          ),
        ).toBe(postgresErrorCodes.uniqueViolation);
      });

      it('an api key hash is unique', async () => {
        await db()
          .insert(apiKeys)
          .values(apiKeyRow('key_1', 'c'.repeat(64), 'one'));
        expect(
          await rejectionCode(
            db()
              .insert(apiKeys)
              .values(apiKeyRow('key_2', 'c'.repeat(64), 'two')),
          ),
        ).toBe(postgresErrorCodes.uniqueViolation);
      });

      it('an admin token name is unique', async () => {
        await db().insert(adminTokens).values(adminTokenRow('adm_1', 'ops'));
        expect(
          await rejectionCode(
            db()
              .insert(adminTokens)
              .values({ ...adminTokenRow('adm_2', 'ops'), tokenHash: 'e'.repeat(64) }),
          ),
        ).toBe(postgresErrorCodes.uniqueViolation);
      });
    });

    describe('check constraints reject values outside the enums', () => {
      // The casts stand in for data that bypassed the TypeScript types (raw input, old code).
      it('providers.adapter', async () => {
        const row = { ...providerRow('odd'), adapter: 'soap' as 'gemini' };
        expect(await rejectionCode(db().insert(providers).values(row))).toBe(postgresErrorCodes.checkViolation);
      });

      it('provider_models.kind', async () => {
        await db().insert(providers).values(providerRow('openai'));
        const row = { providerId: 'openai', modelId: 'tts', upstream: 'tts-1', kind: 'audio' as 'chat' };
        expect(await rejectionCode(db().insert(providerModels).values(row))).toBe(postgresErrorCodes.checkViolation);
      });

      it('provider_keys.status', async () => {
        await db().insert(providers).values(providerRow('openai'));
        const row = { ...providerKeyRow('pk_1', 'openai', 'primary'), status: 'paused' as 'active' };
        expect(await rejectionCode(db().insert(providerKeys).values(row))).toBe(postgresErrorCodes.checkViolation);
      });

      it('api_keys.budget_period, and a budget needs a period', async () => {
        const badPeriod = { ...apiKeyRow('key_1', 'd'.repeat(64), 'k'), budgetMicros: 1, budgetPeriod: 'year' as 'day' };
        expect(await rejectionCode(db().insert(apiKeys).values(badPeriod))).toBe(postgresErrorCodes.checkViolation);
        const noPeriod = { ...apiKeyRow('key_1', 'd'.repeat(64), 'k'), budgetMicros: 1 };
        expect(await rejectionCode(db().insert(apiKeys).values(noPeriod))).toBe(postgresErrorCodes.checkViolation);
      });

      it('admin_tokens.role', async () => {
        const row = { ...adminTokenRow('adm_1', 'root'), role: 'root' as 'admin' };
        expect(await rejectionCode(db().insert(adminTokens).values(row))).toBe(postgresErrorCodes.checkViolation);
      });

      it('usage_rollups.granularity', async () => {
        const row = { ...rollupRow('week' as 'day', 'key_1'), requests: 1 };
        expect(await rejectionCode(db().insert(usageRollups).values(row))).toBe(postgresErrorCodes.checkViolation);
      });
    });

    it('deleting a provider cascades to its models and keys, and only its own', async () => {
      await db()
        .insert(providers)
        .values([providerRow('openai'), providerRow('deepseek')]);
      await db()
        .insert(providerModels)
        .values([
          { providerId: 'openai', modelId: 'gpt-4o', upstream: 'gpt-4o' },
          { providerId: 'openai', modelId: 'gpt-4o-mini', upstream: 'gpt-4o-mini' },
          { providerId: 'deepseek', modelId: 'deepseek-chat', upstream: 'deepseek-chat' },
        ]);
      await db()
        .insert(providerKeys)
        .values([providerKeyRow('pk_1', 'openai', 'primary'), providerKeyRow('pk_2', 'deepseek', 'primary')]);

      await db().delete(providers).where(eq(providers.id, 'openai'));

      expect(await db().select({ providerId: providerModels.providerId }).from(providerModels)).toEqual([
        { providerId: 'deepseek' },
      ]);
      expect(await db().select({ id: providerKeys.id }).from(providerKeys)).toEqual([{ id: 'pk_2' }]);
    });

    it('a model or key for an unknown provider is rejected', async () => {
      const model = { providerId: 'nobody', modelId: 'm', upstream: 'm' };
      expect(await rejectionCode(db().insert(providerModels).values(model))).toBe(postgresErrorCodes.foreignKeyViolation);
      const key = providerKeyRow('pk_1', 'nobody', 'primary');
      expect(await rejectionCode(db().insert(providerKeys).values(key))).toBe(postgresErrorCodes.foreignKeyViolation);
    });

    it('keeps micro-dollar values and sums above 2^31 exact', async () => {
      const costs = [3_000_000_000, 4_000_000_001, 2 ** 40 + 7];
      await db()
        .insert(usageEvents)
        .values(costs.map((cost, index) => ({ ...usageEventRow(`req_${index}`, cost), inputTokens: 2_000_000_000 })));
      const [totals] = await db()
        .select({ cost: sum(usageEvents.costMicros), inputTokens: sum(usageEvents.inputTokens), events: count() })
        .from(usageEvents);
      expect(totals).toEqual({ cost: '1106511627784', inputTokens: '6000000000', events: 3 });
      expect(costs.reduce((total, cost) => total + cost, 0)).toBe(1_106_511_627_784);

      const largestExact = Number.MAX_SAFE_INTEGER;
      await db()
        .insert(apiKeys)
        .values({ ...apiKeyRow('key_1', 'f'.repeat(64), 'rich'), budgetMicros: largestExact, budgetPeriod: 'total' });
      const [key] = await db().select({ budgetMicros: apiKeys.budgetMicros }).from(apiKeys);
      expect(key?.budgetMicros).toBe(largestExact);
    });

    it('a duplicate usage event (same request id) is a no-op with ON CONFLICT DO NOTHING', async () => {
      await db().insert(usageEvents).values(usageEventRow('req_dup', 500));
      const inserted = await db()
        .insert(usageEvents)
        .values({ ...usageEventRow('req_dup', 999), outcome: 'error' })
        .onConflictDoNothing()
        .returning({ requestId: usageEvents.requestId });
      expect(inserted).toEqual([]);
      const rows = await db().select({ cost: usageEvents.costMicros, outcome: usageEvents.outcome }).from(usageEvents);
      expect(rows).toEqual([{ cost: 500, outcome: 'success' }]);
      // Without ON CONFLICT the primary key refuses the duplicate outright.
      expect(await rejectionCode(db().insert(usageEvents).values(usageEventRow('req_dup', 1)))).toBe(
        postgresErrorCodes.uniqueViolation,
      );
    });

    it('a rollup upsert with ON CONFLICT DO UPDATE adds to the counts of its own bucket only', async () => {
      const addToRollup = (row: NewUsageRollupRow) =>
        db()
          .insert(usageRollups)
          .values(row)
          .onConflictDoUpdate({
            target: [
              usageRollups.granularity,
              usageRollups.bucketStart,
              usageRollups.apiKeyId,
              usageRollups.teamId,
              usageRollups.providerId,
              usageRollups.model,
            ],
            set: {
              requests: sql`${usageRollups.requests} + excluded.requests`,
              errors: sql`${usageRollups.errors} + excluded.errors`,
              inputTokens: sql`${usageRollups.inputTokens} + excluded.input_tokens`,
              outputTokens: sql`${usageRollups.outputTokens} + excluded.output_tokens`,
              costMicros: sql`${usageRollups.costMicros} + excluded.cost_micros`,
            },
          });
      await addToRollup({
        ...rollupRow('minute', 'key_1'),
        requests: 2,
        errors: 1,
        inputTokens: 100,
        outputTokens: 10,
        costMicros: 3_000_000_000,
      });
      await addToRollup({
        ...rollupRow('minute', 'key_1'),
        requests: 3,
        inputTokens: 50,
        outputTokens: 5,
        costMicros: 3_000_000_000,
      });
      await addToRollup({ ...rollupRow('minute', 'key_2'), requests: 7 });
      // No api key is '' and still conflicts with itself.
      await addToRollup({ ...rollupRow('minute', ''), requests: 1 });
      await addToRollup({ ...rollupRow('minute', ''), requests: 1 });

      const rows = await db()
        .select({
          apiKeyId: usageRollups.apiKeyId,
          requests: usageRollups.requests,
          errors: usageRollups.errors,
          inputTokens: usageRollups.inputTokens,
          outputTokens: usageRollups.outputTokens,
          costMicros: usageRollups.costMicros,
        })
        .from(usageRollups)
        .orderBy(usageRollups.apiKeyId);
      expect(rows).toEqual([
        { apiKeyId: '', requests: 2, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 },
        { apiKeyId: 'key_1', requests: 5, errors: 1, inputTokens: 150, outputTokens: 15, costMicros: 6_000_000_000 },
        { apiKeyId: 'key_2', requests: 7, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 },
      ]);
    });

    it('queryRows returns plain rows from raw SQL', async () => {
      await db()
        .insert(providers)
        .values([providerRow('b'), providerRow('a')]);
      const rows = await queryRows<{ id: string; position: number }>(
        db(),
        sql`select id, (row_number() over (order by id))::int as position from providers order by id`,
      );
      expect(rows).toEqual([
        { id: 'a', position: 1 },
        { id: 'b', position: 2 },
      ]);
    });
  });
}

/** The SQLSTATE a query failed with, 'resolved' when it succeeded, 'no sqlstate' for other errors. */
async function rejectionCode(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
    return 'resolved';
  } catch (error) {
    return postgresErrorCode(error) ?? 'no sqlstate';
  }
}

function providerRow(id: string) {
  return { id, name: `Provider ${id}`, adapter: 'openai-compatible' as const, baseUrl: `https://api.${id}.example/v1` };
}

function providerKeyRow(id: string, providerId: string, name: string): NewProviderKeyRow {
  return {
    id,
    providerId,
    name,
    ciphertext: 'Y2lwaGVydGV4dA==',
    nonce: 'bm9uY2Vub25jZTEy',
    authTag: 'dGFndGFndGFndGFndGFnMQ==',
    wrappedDek: 'd3JhcHBlZA==',
    kekId: 'v1',
    last4: 'wxyz',
  };
}

function apiKeyRow(id: string, keyHash: string, name: string): NewApiKeyRow {
  return { id, keyHash, name, prefix: 'sb-abc', last4: '1234' };
}

function adminTokenRow(id: string, name: string) {
  return { id, name, role: 'admin' as const, tokenHash: `${id}-hash`, prefix: 'sba-xyz', last4: '9876' };
}

function usageEventRow(requestId: string, costMicros: number): NewUsageEventRow & { occurredAt: Date } {
  return {
    requestId,
    occurredAt: new Date('2025-06-01T10:15:30.123Z'),
    apiKeyId: null,
    requestedModel: 'deepseek-chat',
    model: 'deepseek-chat',
    providerId: null,
    upstreamModel: null,
    endpoint: 'chat.completions',
    stream: false,
    outcome: 'success',
    attempts: 1,
    costMicros,
    latencyMs: 420,
  };
}

function rollupRow(granularity: NewUsageRollupRow['granularity'], apiKeyId: string): NewUsageRollupRow {
  return {
    granularity,
    bucketStart: new Date('2025-06-01T10:15:00.000Z'),
    apiKeyId,
    providerId: 'deepseek',
    model: 'deepseek-chat',
  };
}
