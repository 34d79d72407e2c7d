import { alertFirings, alerts, apiKeys, createDatabase, type DatabaseHandle } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { storeUsageBatch, type UsageEvent } from '@switchboard/usage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from './evaluate-alerts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;

function event(id: string, occurredAt: number, failed: boolean): UsageEvent {
  return {
    requestId: id,
    occurredAt,
    apiKeyId: 'key_errors',
    requestedModel: 'm',
    model: 'm',
    providerId: 'deepseek',
    upstreamModel: null,
    endpoint: 'chat.completions',
    stream: false,
    outcome: failed ? 'upstream_error' : 'success',
    attempts: 1,
    inputTokens: 1,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 1,
    reasoningTokens: 0,
    costMicros: 1,
    estimated: false,
    latencyMs: 1,
    firstTokenMs: null,
    errorCode: failed ? 'upstream_error' : null,
  };
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await createDatabase({ url: testDatabase.url, maxConnections: 4 });
  await database.migrate();
  await database.db
    .insert(apiKeys)
    .values({ id: 'key_errors', keyHash: 'b'.repeat(64), prefix: 'sb_', last4: 'beef', name: 'errors' });
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe('evaluateAlerts', () => {
  it('fires an error-rate spike once: 10 of 40 failing against a 2% baseline, and not for the quiet baseline', async () => {
    const now = Date.UTC(2026, 11, 3, 12, 30);
    // Baseline: the six windows (10 min each) before the current one, 2 failures in 100.
    const baseline = Array.from({ length: 100 }, (_, index) =>
      event(`req_b${index}`, now - 20 * 60_000 - index * 30_000, index < 2),
    );
    const current = Array.from({ length: 40 }, (_, index) => event(`req_c${index}`, now - 5 * 60_000 + index * 1000, index < 10));
    await storeUsageBatch(database.db, baseline);
    await database.db.insert(alerts).values({
      id: 'alr_errors',
      scopeType: 'api_key',
      scopeId: 'key_errors',
      kind: 'spike',
      thresholds: [3],
      options: { metric: 'error_rate', windowMinutes: 10, baselineWindows: 6 },
      channelType: 'email',
      channelTarget: 'ops@example.com',
    });
    const enqueued: string[] = [];
    const enqueue = async (id: string) => {
      enqueued.push(id);
    };
    expect((await evaluateAlerts(database.db, { now, enqueue })).fired).toEqual([]);
    await storeUsageBatch(database.db, current);
    const results = await Promise.all([0, 1, 2].map(() => evaluateAlerts(database.db, { now, enqueue })));
    const fired = results.flatMap((result) => result.fired);
    expect(fired).toHaveLength(1);
    expect(enqueued).toEqual(fired);
    const [row] = await database.db.select().from(alertFirings);
    // 10/40 = 0.25 >= 3 x max(2/100, 1%).
    expect(row).toMatchObject({ alertId: 'alr_errors', threshold: '3', value: 0.25 });
    expect(row!.payload).toMatchObject({ kind: 'spike', scope: { apiKeyId: 'key_errors' }, threshold: 3, value: 0.25 });
  });

  it('re-enqueues a firing whose enqueue was lost, once it is old and unattempted', async () => {
    const [row] = await database.db.select().from(alertFirings);
    const later = row!.firedAt.getTime() + 5 * 60_000;
    const enqueued: string[] = [];
    const result = await evaluateAlerts(database.db, {
      now: later,
      enqueue: async (id) => {
        enqueued.push(id);
      },
    });
    expect(result.fired).toEqual([]);
    expect(result.requeued).toEqual([row!.id]);
    expect(enqueued).toEqual([row!.id]);
  });
});
