import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCidr } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdminErrorBody, AuditEntryBody, ListBody } from './admin-api-bodies';
import { type AdminResponse, SIMULATED_MODEL, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface AlertBody {
  id: string;
  scope: Record<string, unknown>;
  kind: string;
  thresholds: number[];
  channel: { type: string; url?: string; to?: string };
  enabled: boolean;
  secret?: string;
}
interface DeliveryBody {
  id: string;
  status: string;
  threshold: string;
  attempts: { attempt: number; statusCode?: number; error?: string; at: string; durationMs: number }[];
  payload: Record<string, unknown>;
}

function expectAdminError(response: AdminResponse<unknown>, status: number, code: string): string {
  expect(response.status, response.text).toBe(status);
  const { error } = response.body as AdminErrorBody;
  expect(error.code).toBe(code);
  return error.message;
}

describe('admin API: alerts (embedded evaluator, end to end)', () => {
  let harness: SwitchboardHarness;
  let receiver: Server;
  let receiverUrl: string;
  const received: { body: string; signature: string }[] = [];
  let arrived: (() => void) | undefined;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(request.headers['x-switchboard-signature']),
        });
        response.writeHead(204).end();
        arrived?.();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // Only the simulator's port is allowed: the receiver's must be allowed explicitly, so first
    // the guard is seen refusing it, then a harness setting allows it.
    harness = await startSwitchboardHarness({
      egressOnlySimulatorPort: true,
      settings: { trustedProxies: [parseCidr('127.0.0.1/32')!] },
    });
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  it('documents the alert routes in the OpenAPI document', async () => {
    const document = await harness.admin<{ paths: Record<string, unknown> }>('GET', '/admin/openapi.json', undefined, null);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/admin/alerts', '/admin/alerts/{id}', '/admin/alerts/{id}/deliveries']),
    );
  });

  it('validates scopes and channels: unknown teams, internal URLs refused, gateway budgets need an amount', async () => {
    const keys = await harness.admin<ListBody<{ id: string }>>('GET', '/admin/api-keys');
    const keyId = keys.body.data[0]!.id;
    const message = expectAdminError(
      await harness.admin('POST', '/admin/alerts', {
        scope: { teamId: 'team_x' },
        kind: 'budget',
        channel: { type: 'email', to: 'a@example.com' },
      }),
      404,
      'not_found',
    );
    expect(message).toContain('team_x does not exist');
    const team = await harness.admin<{ id: string }>('POST', '/admin/teams', {
      name: 'alerted',
      budgetUsd: 5,
      budgetPeriod: 'month',
    });
    expect(team.status).toBe(201);
    const teamRule = await harness.admin('POST', '/admin/alerts', {
      scope: { teamId: team.body.id },
      kind: 'budget',
      thresholds: [50],
      channel: { type: 'email', to: 'a@example.com' },
    });
    expect(teamRule.status).toBe(201);
    const refused = expectAdminError(
      await harness.admin('POST', '/admin/alerts', {
        scope: { apiKeyId: keyId },
        kind: 'spike',
        channel: { type: 'webhook', url: receiverUrl },
      }),
      400,
      'invalid_field',
    );
    expect(refused).toMatch(/channel\.url/);
    expectAdminError(
      await harness.admin('POST', '/admin/alerts', {
        scope: { apiKeyId: keyId },
        kind: 'spike',
        channel: { type: 'webhook', url: 'http://169.254.169.254/' },
      }),
      400,
      'invalid_field',
    );
    expectAdminError(
      await harness.admin('POST', '/admin/alerts', {
        scope: { gateway: true },
        kind: 'budget',
        channel: { type: 'email', to: 'a@example.com' },
      }),
      400,
      'invalid_field',
    );
    expectAdminError(
      await harness.admin('POST', '/admin/alerts', {
        scope: { apiKeyId: 'key_missing' },
        kind: 'budget',
        channel: { type: 'email', to: 'a@example.com' },
      }),
      404,
      'not_found',
    );
    expectAdminError(
      await harness.admin('POST', '/admin/alerts', {
        scope: { gateway: true },
        kind: 'weather',
        channel: { type: 'email', to: 'a@example.com' },
      }),
      400,
      'invalid_field',
    );
  });

  it('creates a webhook alert (secret shown once), fires it from real requests, lists deliveries with attempts, audits every change', async () => {
    // The harness allows only the simulator's port; this instance also allows the receiver.
    await harness.close();
    harness = await startSwitchboardHarness({
      environmentKey: 'sk-simulated',
      settings: { trustedProxies: [parseCidr('127.0.0.1/32')!] },
    });
    const keyId = (await harness.admin<ListBody<{ id: string }>>('GET', '/admin/api-keys')).body.data[0]!.id;
    const created = await harness.admin<AlertBody>('POST', '/admin/alerts', {
      scope: { apiKeyId: keyId },
      kind: 'new_address',
      channel: { type: 'webhook', url: receiverUrl },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const secret = created.body.secret!;
    const path = `/admin/alerts/${created.body.id}`;
    const read = await harness.admin<AlertBody>('GET', path);
    expect(read.body.secret).toBeUndefined();
    expect(read.text).not.toContain(secret);
    expect((await harness.admin<ListBody<AlertBody>>('GET', '/admin/alerts')).body.data.map((alert) => alert.id)).toEqual([
      created.body.id,
    ]);
    expect(harness.adminResponses.filter((text) => text.includes(secret))).toHaveLength(1);

    // Two requests through a trusted proxy from two client addresses: the second is new.
    for (const address of ['198.51.100.10', '203.0.113.20']) {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}`, 'x-forwarded-for': address },
        body: JSON.stringify({ model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hello' }] }),
      });
      expect(response.status).toBe(200);
      await response.text();
      await harness.switchboard.usagePipeline.batcher.flush();
    }
    const delivered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { fired } = await harness.switchboard.alerts!.evaluateNow();
    expect(fired).toHaveLength(1);
    expect((await harness.switchboard.alerts!.evaluateNow()).fired).toHaveLength(0);
    await delivered;
    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
    expect(timingSafeEqual(expected, Buffer.from(mac!, 'hex'))).toBe(true);
    expect(JSON.parse(body)).toMatchObject({
      alertId: created.body.id,
      kind: 'new_address',
      value: '203.0.113.20',
      threshold: null,
    });

    // The attempt is recorded just after the receiver answers.
    await vi.waitFor(async () => {
      const deliveries = (await harness.admin<ListBody<DeliveryBody>>('GET', `${path}/deliveries`)).body;
      expect(deliveries.data).toHaveLength(1);
      expect(deliveries.data[0]).toMatchObject({ status: 'delivered', attempts: [{ attempt: 1, statusCode: 204 }] });
    });

    expectAdminError(await harness.admin('GET', `${path}/deliveries?before=yesterday`), 400, 'invalid_field');
    const updated = await harness.admin<AlertBody>('PATCH', path, { enabled: false });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.enabled).toBe(false);
    expect((await harness.admin('DELETE', path)).status).toBe(204);
    expectAdminError(await harness.admin('GET', path), 404, 'not_found');
    const audit = await harness.admin<ListBody<AuditEntryBody>>('GET', '/admin/audit?limit=500');
    const actions = audit.body.data.filter((entry) => entry.targetId === created.body.id).map((entry) => entry.action);
    expect(actions.sort()).toEqual(['alert.create', 'alert.delete', 'alert.update']);
    expect(audit.text).not.toContain(secret);
  });
});
