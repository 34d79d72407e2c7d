import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertScopeColumns, deliverAlertFiring, evaluateAlerts, sealAlertSecret } from '@switchboard/alerts';
import { alertFirings, alerts, apiKeys, createDatabase, type DatabaseHandle, type NewAlertRow } from '@switchboard/db';
import { parseAllowedHosts, validateProviderBaseUrl } from '@switchboard/egress';
import { createTestDatabase, redisUrl, type TestDatabase, uniqueRedisPrefix } from '@switchboard/testkit';
import { storeUsageBatch, type UsageEvent } from '@switchboard/usage';
import { EnvironmentKeyWrapper, parseKekRing } from '@switchboard/vault';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningUsageWorker, startUsageWorker } from './start-usage-worker';
import type { WorkerSettings } from './worker-settings';

// Two workers (apps/worker's start function, each with its evaluation scheduler and delivery
// queue) and three more evaluators racing on the same database: every rule must fire once.
const wrapper = new EnvironmentKeyWrapper(parseKekRing(`kek_test:${randomBytes(32).toString('base64')}`));
const prefix = uniqueRedisPrefix();
const webhookSecret = 'whsec_test_secret';
let testDatabase: TestDatabase;
let database: DatabaseHandle;
let workers: RunningUsageWorker[] = [];
let receiver: Server;
let smtp: SMTPServer;
let receiverUrl: string;
let smtpPort: number;
const hits: { path: string; body: string; signature: string | undefined; status: number }[] = [];
const attemptsById = new Map<string, number>();
const mails: string[] = [];
let mailArrived: () => void;
const mailPromise = new Promise<void>((resolve) => {
  mailArrived = resolve;
});

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function verifySignature(header: string | undefined, body: string, secret: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  // A receiver rejects stale timestamps: that is what makes a captured request useless later.
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

function event(id: string, occurredAt: number, costMicros: number, clientAddress: string | null): UsageEvent {
  return {
    requestId: id,
    occurredAt,
    apiKeyId: 'key_alerts',
    requestedModel: 'deepseek-v4-flash',
    model: 'deepseek-v4-flash',
    providerId: 'deepseek',
    upstreamModel: null,
    endpoint: 'chat.completions',
    stream: false,
    outcome: 'success',
    attempts: 1,
    inputTokens: 10,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 10,
    reasoningTokens: 0,
    costMicros,
    costPicos: costMicros * 1_000_000,
    estimated: false,
    latencyMs: 5,
    firstTokenMs: null,
    errorCode: null,
    clientAddress,
  };
}

async function createAlert(values: Omit<NewAlertRow, 'id'> & { id: string }, secret?: string): Promise<void> {
  const sealed = secret ? await sealAlertSecret(values.id, secret, wrapper) : undefined;
  await database.db.insert(alerts).values({
    ...values,
    ...(sealed
      ? {
          secretCiphertext: sealed.ciphertext,
          secretNonce: sealed.nonce,
          secretAuthTag: sealed.authTag,
          secretWrappedDek: sealed.wrappedDek,
          secretKekId: sealed.kekId,
        }
      : {}),
  });
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await createDatabase({ url: testDatabase.url, maxConnections: 8 });
  await database.migrate();
  receiver = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    let status = 200;
    if (path === '/flaky') {
      // Fails the first two attempts of each firing, then accepts.
      const id = (JSON.parse(body) as { id: string }).id;
      const seen = (attemptsById.get(id) ?? 0) + 1;
      attemptsById.set(id, seen);
      if (seen <= 2) status = 500;
    }
    hits.push({ path, body, signature: request.headers['x-switchboard-signature'] as string | undefined, status });
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try again');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        mailArrived();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  const settings: WorkerSettings = {
    databaseUrl: testDatabase.url,
    redisUrl: redisUrl(),
    redisPrefix: prefix,
    concurrency: 1,
    retentionDays: 90,
    stalledIntervalMs: 30_000,
    logLevel: 'silent',
    statusHost: '127.0.0.1',
    alerts: {
      wrapper,
      // EGRESS_ALLOWED_HOSTS lets the test's receiver on 127.0.0.1 through the guard.
      egress: { allowedHosts: parseAllowedHosts('127.0.0.1') },
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      evaluateEveryMs: 3_600_000,
      // Test-sized backoff: retries after 50 ms, 100 ms, ...
      retryBaseMs: 50,
    },
  };
  workers = [
    await startUsageWorker(settings, pino({ level: 'silent' })),
    await startUsageWorker(settings, pino({ level: 'silent' })),
  ];
}, 60_000);

afterAll(async () => {
  for (const worker of workers) await worker.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await database?.close();
  await testDatabase?.drop();
});

describe('alerts fire exactly once and are delivered', () => {
  it('fires budget, forecast, spike and new-address rules once across racing evaluators, signed, retried, over webhook, Slack and email', async () => {
    const now = Date.now();
    await database.db.insert(apiKeys).values({
      id: 'key_alerts',
      keyHash: 'a'.repeat(64),
      prefix: 'sb_live_',
      last4: 'abcd',
      name: 'alerts key',
      budgetMicros: 10_000_000,
      budgetPeriod: 'month',
    });
    const key = alertScopeColumns({ apiKeyId: 'key_alerts' });
    await createAlert(
      {
        id: 'alr_budget',
        ...key,
        kind: 'budget',
        thresholds: [50, 80, 100],
        channelType: 'webhook',
        channelTarget: `${receiverUrl}/flaky`,
      },
      webhookSecret,
    );
    await createAlert({
      id: 'alr_forecast',
      ...key,
      kind: 'forecast',
      channelType: 'slack',
      channelTarget: `${receiverUrl}/slack`,
    });
    await createAlert({
      id: 'alr_spike',
      ...key,
      kind: 'spike',
      thresholds: [3],
      options: { windowMinutes: 1440, baselineWindows: 7, minimumSpendMicros: 1_000_000 },
      channelType: 'email',
      channelTarget: 'billing@example.com',
    });
    await createAlert(
      {
        id: 'alr_address',
        ...alertScopeColumns({ gateway: true }),
        kind: 'new_address',
        channelType: 'webhook',
        channelTarget: `${receiverUrl}/address`,
      },
      webhookSecret,
    );
    // $8.50 in the last ten minutes: 85% of the $10 month, a burn rate that overruns it, a spike
    // against an empty week; the key's first address, then a second one.
    await storeUsageBatch(database.db, [event('req_a1', now - 10 * 60_000, 4_250_000, '198.51.100.1')]);
    await storeUsageBatch(database.db, [event('req_a2', now - 5 * 60_000, 4_250_000, '203.0.113.7')]);

    const race = () =>
      Promise.all(
        [0, 1, 2].map((index) =>
          evaluateAlerts(database.db, { now, enqueue: (firingId) => workers[index % 2]!.alerts!.enqueue(firingId) }),
        ),
      );
    const first = await race();
    const second = await Promise.all([race(), workers[0]!.alerts!.evaluateNow(now), workers[1]!.alerts!.evaluateNow(now)]);
    const firedIds = [
      ...first.flatMap((result) => result.fired),
      ...second[0].flatMap((result) => result.fired),
      ...second[1].fired,
      ...second[2].fired,
    ];
    expect(firedIds).toHaveLength(new Set(firedIds).size);

    const firings = await database.db.select().from(alertFirings);
    const summary = firings.map((firing) => `${firing.alertId}:${firing.threshold}`).sort();
    expect(summary).toEqual([
      'alr_address:key_alerts 203.0.113.7',
      'alr_budget:50',
      'alr_budget:80',
      'alr_forecast:100',
      'alr_spike:3',
    ]);
    expect(firedIds.sort()).toEqual(firings.map((firing) => firing.id).sort());

    await vi.waitFor(
      async () => {
        const rows = await database.db.select().from(alertFirings);
        expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'delivered'));
      },
      { timeout: 20_000, interval: 100 },
    );
    await mailPromise;

    // Webhooks: signed with the secret, the contract's payload, the flaky receiver retried.
    const flaky = hits.filter((hit) => hit.path === '/flaky');
    expect(flaky).toHaveLength(6);
    for (const hit of flaky) expect(verifySignature(hit.signature, hit.body, webhookSecret)).toBe(true);
    expect(verifySignature(flaky[0]!.signature, flaky[0]!.body, 'whsec_other')).toBe(false);
    const delivered = flaky.filter((hit) => hit.status === 200).map((hit) => JSON.parse(hit.body));
    expect(delivered.map((payload) => payload.threshold).sort()).toEqual([50, 80]);
    expect(Object.keys(delivered[0]).sort()).toEqual([
      'alertId',
      'firedAt',
      'id',
      'kind',
      'periodStart',
      'scope',
      'threshold',
      'value',
    ]);
    expect(delivered[0]).toMatchObject({ alertId: 'alr_budget', kind: 'budget', scope: { apiKeyId: 'key_alerts' }, value: 85 });
    const budgetRows = firings.filter((firing) => firing.alertId === 'alr_budget');
    for (const row of budgetRows) {
      const [stored] = await database.db.select().from(alertFirings).where(eq(alertFirings.id, row.id));
      expect(stored!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
      expect(stored!.attempts[0]!.error).toContain('500');
    }
    const address = hits.filter((hit) => hit.path === '/address');
    expect(address).toHaveLength(1);
    expect(verifySignature(address[0]!.signature, address[0]!.body, webhookSecret)).toBe(true);
    expect(JSON.parse(address[0]!.body)).toMatchObject({
      kind: 'new_address',
      scope: { gateway: true, apiKeyId: 'key_alerts' },
      threshold: null,
      value: '203.0.113.7',
    });

    // Slack: an incoming-webhook body, unsigned.
    const slack = hits.filter((hit) => hit.path === '/slack');
    expect(slack).toHaveLength(1);
    const slackBody = JSON.parse(slack[0]!.body) as { text: string };
    expect(Object.keys(slackBody)).toEqual(['text']);
    expect(slackBody.text).toContain('forecast');
    expect(slack[0]!.signature).toBeUndefined();

    // Email through SMTP.
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('billing@example.com');
    expect(mails[0]).toContain('Switchboard alert: spike');
  }, 60_000);

  it('refuses an internal webhook URL unless EGRESS_ALLOWED_HOSTS names it, at creation and at delivery', async () => {
    expect(validateProviderBaseUrl(`${receiverUrl}/hook`, { allowedHosts: [] }).ok).toBe(false);
    expect(validateProviderBaseUrl('http://169.254.169.254/latest', { allowedHosts: [] }).ok).toBe(false);
    expect(validateProviderBaseUrl(`${receiverUrl}/hook`, { allowedHosts: parseAllowedHosts('127.0.0.1') }).ok).toBe(true);
    await createAlert(
      {
        id: 'alr_internal',
        ...alertScopeColumns({ gateway: true }),
        kind: 'spike',
        channelType: 'webhook',
        channelTarget: `${receiverUrl}/internal`,
      },
      webhookSecret,
    );
    await database.db.insert(alertFirings).values({
      id: 'alf_internal',
      alertId: 'alr_internal',
      periodStart: new Date(0),
      threshold: '3',
      value: 1,
      payload: { id: 'alf_internal' },
    });
    await expect(deliverAlertFiring(database.db, 'alf_internal', 1, { wrapper, egress: { allowedHosts: [] } })).rejects.toThrow(
      /egress guard/,
    );
    const [row] = await database.db.select().from(alertFirings).where(eq(alertFirings.id, 'alf_internal'));
    expect(row!.status).toBe('pending');
    expect(row!.attempts[0]!.error).toMatch(/egress guard/);
    expect(hits.some((hit) => hit.path === '/internal')).toBe(false);
  });
});
