import { generateAdminToken } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminErrorBody, AdminTokenBody, AuditEntryBody, ListBody, ProviderBody, ProviderKeyBody } from './admin-api-bodies';
import { type AdminResponse, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

const acme = {
  id: 'acme',
  name: 'Acme Cloud',
  adapter: 'openai-compatible',
  baseUrl: 'https://api.acme.example/v1',
  models: [
    {
      id: 'acme-large',
      upstream: 'acme-large-2025',
      price: { input: 0.14, cachedInput: 0.014, output: 0.28 },
      contextWindow: 128_000,
      maxOutputTokens: 8_192,
      capabilities: { tools: true },
    },
    { id: 'acme-embed', kind: 'embedding', price: { input: 0.02, output: 0 }, contextWindow: 8_191 },
  ],
};

function expectAdminError(response: AdminResponse<unknown>, status: number, code: string): AdminErrorBody['error'] {
  expect(response.status).toBe(status);
  const { error } = response.body as AdminErrorBody;
  expect(error.code).toBe(code);
  expect(error.requestId).toBe(response.headers.get('x-request-id'));
  return error;
}

describe('admin API', () => {
  let harness: SwitchboardHarness;
  let bootstrapTokenId: string;

  async function auditEntries(): Promise<AuditEntryBody[]> {
    const response = await harness.admin<ListBody<AuditEntryBody>>('GET', '/admin/audit?limit=500');
    expect(response.status).toBe(200);
    return response.body.data;
  }

  async function createToken(name: string, role: AdminTokenBody['role']): Promise<AdminTokenBody & { token: string }> {
    const response = await harness.admin<AdminTokenBody & { token: string }>('POST', '/admin/tokens', { name, role });
    expect(response.status).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
    const tokens = await harness.admin<ListBody<AdminTokenBody>>('GET', '/admin/tokens');
    bootstrapTokenId = tokens.body.data.find((token) => token.name === 'bootstrap')!.id;
  });
  afterAll(() => harness?.close());

  it('creates, reads, lists, updates and deletes a provider with its models, prices and context windows', async () => {
    const created = await harness.admin<ProviderBody>('POST', '/admin/providers', acme);
    expect(created.status).toBe(201);
    const expected: ProviderBody = {
      id: 'acme',
      name: 'Acme Cloud',
      adapter: 'openai-compatible',
      baseUrl: 'https://api.acme.example/v1',
      anthropicBaseUrl: null,
      reasoningControl: null,
      responsesApi: null,
      apiVersion: null,
      region: null,
      project: null,
      location: null,
      headers: {},
      keyOptional: false,
      regions: [],
      dataPolicies: [],
      enabled: true,
      // No key in the vault or the environment: shown as such, not as "enabled".
      usable: false,
      usableReason: 'no_key',
      models: [
        {
          id: 'acme-embed',
          upstream: 'acme-embed',
          kind: 'embedding',
          price: { input: 0.02, output: 0 },
          contextWindow: 8_191,
          maxOutputTokens: null,
          defaultOutputTokens: null,
          capabilities: {},
        },
        {
          id: 'acme-large',
          upstream: 'acme-large-2025',
          kind: 'chat',
          // Stored as integer micro-dollars, and still exactly 0.14 on the way back.
          price: { input: 0.14, cachedInput: 0.014, output: 0.28 },
          contextWindow: 128_000,
          maxOutputTokens: 8_192,
          defaultOutputTokens: null,
          capabilities: { tools: true },
        },
      ],
      // No config file here: every field belongs to the database.
      fileOwnedFields: [],
    };
    expect(created.body).toEqual(expected);

    const read = await harness.admin<ProviderBody>('GET', '/admin/providers/acme');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expected);

    const list = await harness.admin<ListBody<ProviderBody>>('GET', '/admin/providers');
    expect(list.status).toBe(200);
    expect(list.body.data.map((provider) => provider.id)).toEqual(expect.arrayContaining(['acme', 'sim']));
    expect(list.body.data.find((provider) => provider.id === 'acme')).toEqual(expected);

    const renamed = await harness.admin<ProviderBody>('PATCH', '/admin/providers/acme', { name: 'Acme', enabled: false });
    expect(renamed.status).toBe(200);
    // Fields not named stay as they were, models included.
    expect(renamed.body).toEqual({ ...expected, name: 'Acme', enabled: false, usableReason: 'disabled' });

    const remodelled = await harness.admin<ProviderBody>('PATCH', '/admin/providers/acme', {
      models: [{ id: 'acme-small', price: { input: 0.05, output: 0.1 }, contextWindow: 32_768 }],
    });
    expect(remodelled.status).toBe(200);
    expect(remodelled.body.models).toEqual([
      {
        id: 'acme-small',
        upstream: 'acme-small',
        kind: 'chat',
        price: { input: 0.05, output: 0.1 },
        contextWindow: 32_768,
        maxOutputTokens: null,
        defaultOutputTokens: null,
        capabilities: {},
      },
    ]);
    expect((await harness.admin<ProviderBody>('GET', '/admin/providers/acme')).body).toEqual(remodelled.body);

    const deleted = await harness.admin('DELETE', '/admin/providers/acme');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectAdminError(await harness.admin('GET', '/admin/providers/acme'), 404, 'not_found');
  });

  it("keeps a provider's Anthropic endpoint and reasoning control, changed and removed by PATCH", async () => {
    const created = await harness.admin<ProviderBody>('POST', '/admin/providers', {
      id: 'twin',
      adapter: 'openai-compatible',
      baseUrl: 'https://api.twin.example/v1',
      anthropicBaseUrl: 'https://api.twin.example/anthropic',
      reasoningControl: 'deepseek-thinking',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      baseUrl: 'https://api.twin.example/v1',
      anthropicBaseUrl: 'https://api.twin.example/anthropic',
      reasoningControl: 'deepseek-thinking',
    });
    const renamed = await harness.admin<ProviderBody>('PATCH', '/admin/providers/twin', { name: 'Twin' });
    expect(renamed.body).toMatchObject({
      anthropicBaseUrl: 'https://api.twin.example/anthropic',
      reasoningControl: 'deepseek-thinking',
    });
    const moved = await harness.admin<ProviderBody>('PATCH', '/admin/providers/twin', {
      anthropicBaseUrl: 'https://messages.twin.example',
      reasoningControl: 'reasoning-effort',
    });
    expect(moved.body).toMatchObject({ anthropicBaseUrl: 'https://messages.twin.example', reasoningControl: 'reasoning-effort' });
    const removed = await harness.admin<ProviderBody>('PATCH', '/admin/providers/twin', {
      anthropicBaseUrl: null,
      reasoningControl: null,
    });
    expect(removed.body).toMatchObject({ name: 'Twin', anthropicBaseUrl: null, reasoningControl: null });
    expect((await harness.admin<ProviderBody>('GET', '/admin/providers/twin')).body).toEqual(removed.body);

    const audit = await auditEntries();
    const creation = audit.find((entry) => entry.action === 'provider.create' && entry.targetId === 'twin');
    expect(creation?.details).toMatchObject({ anthropicBaseUrl: 'https://api.twin.example/anthropic' });
    expect((await harness.admin('DELETE', '/admin/providers/twin')).status).toBe(204);
  });

  it("keeps a provider's Responses flag, changed and removed by PATCH", async () => {
    const created = await harness.admin<ProviderBody>('POST', '/admin/providers', {
      id: 'relay',
      adapter: 'openai-compatible',
      baseUrl: 'https://api.relay.example/v1',
      responsesApi: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.responsesApi).toBe(true);
    expect((await harness.admin<ProviderBody>('PATCH', '/admin/providers/relay', { name: 'Relay' })).body).toMatchObject({
      name: 'Relay',
      responsesApi: true,
    });
    expect(
      (await harness.admin<ProviderBody>('PATCH', '/admin/providers/relay', { responsesApi: false })).body.responsesApi,
    ).toBe(false);
    const removed = await harness.admin<ProviderBody>('PATCH', '/admin/providers/relay', { responsesApi: null });
    expect(removed.body).toMatchObject({ name: 'Relay', responsesApi: null });
    expect((await harness.admin<ProviderBody>('GET', '/admin/providers/relay')).body).toEqual(removed.body);

    const audit = await auditEntries();
    const update = audit.find(
      (entry) => entry.action === 'provider.update' && entry.targetId === 'relay' && entry.details?.responsesApi === false,
    );
    expect(update?.details).toMatchObject({ fields: ['responsesApi'] });
    expect((await harness.admin('DELETE', '/admin/providers/relay')).status).toBe(204);
  });

  it('answers 400 naming the field for unknown and malformed fields, and creates nothing', async () => {
    const { baseUrl: _, ...withoutBaseUrl } = acme;
    const cases: { method: string; path: string; body: unknown; field: string }[] = [
      // A typo of a known field is named as the typo, not as the missing field it shadows.
      { method: 'POST', path: '/admin/providers', body: { ...withoutBaseUrl, baseURL: acme.baseUrl }, field: 'baseURL' },
      { method: 'PATCH', path: '/admin/providers/sim', body: { baseURL: acme.baseUrl }, field: 'baseURL' },
      { method: 'POST', path: '/admin/providers', body: { ...acme, baseUrl: 'not a url' }, field: 'baseUrl' },
      { method: 'POST', path: '/admin/providers', body: { ...acme, anthropicBaseUrl: 'not a url' }, field: 'anthropicBaseUrl' },
      { method: 'PATCH', path: '/admin/providers/sim', body: { reasoningControl: 'guess' }, field: 'reasoningControl' },
      { method: 'PATCH', path: '/admin/providers/sim', body: { responsesApi: 'yes' }, field: 'responsesApi' },
      { method: 'POST', path: '/admin/providers', body: { ...acme, id: 'Not An Id!' }, field: 'id' },
      {
        method: 'POST',
        path: '/admin/providers',
        body: { ...acme, models: [{ id: 'm', contextWindow: -5 }] },
        field: 'models.0.contextWindow',
      },
      { method: 'POST', path: '/admin/providers/sim/keys', body: { name: 'no-secret' }, field: 'secret' },
      { method: 'POST', path: '/admin/tokens', body: { name: 'root', role: 'root' }, field: 'role' },
    ];
    for (const { method, path, body, field } of cases) {
      const error = expectAdminError(await harness.admin(method, path, body), 400, 'invalid_field');
      expect(error.message.startsWith(`${field}:`), `${method} ${path}: ${error.message}`).toBe(true);
    }
    expectAdminError(await harness.admin('POST', '/admin/providers', '{"id": "acme",'), 400, 'invalid_json');

    expectAdminError(await harness.admin('GET', '/admin/providers/acme'), 404, 'not_found');
    const sim = await harness.admin<ProviderBody>('GET', '/admin/providers/sim');
    expect(sim.body.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const keys = await harness.admin<ListBody<ProviderKeyBody>>('GET', '/admin/providers/sim/keys');
    expect(keys.body.data.map((key) => key.name)).not.toContain('no-secret');
  });

  it('keeps a Bedrock region and refuses a Bedrock key not in its shape, without echoing it', async () => {
    const created = await harness.admin<ProviderBody>('POST', '/admin/providers', {
      id: 'aws',
      adapter: 'bedrock',
      baseUrl: 'https://bedrock-runtime.eu-west-3.amazonaws.com',
      region: 'eu-west-3',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ adapter: 'bedrock', region: 'eu-west-3', project: null, location: null });
    const refused = expectAdminError(
      await harness.admin('POST', '/admin/providers/aws/keys', { name: 'main', secret: 'sk-not-an-aws-secret-0123456789' }),
      400,
      'invalid_field',
    );
    expect(refused.message).toMatch(/^secret: This is not a Bedrock key/);
    expect(refused.message).not.toContain('sk-not-an-aws-secret');
    const accepted = await harness.admin('POST', '/admin/providers/aws/keys', {
      name: 'main',
      secret: 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(accepted.status).toBe(201);
  });

  it('answers 404 for unknown providers, keys, tokens and routes', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', '/admin/providers/nope'],
      ['PATCH', '/admin/providers/nope', { name: 'Nope' }],
      ['DELETE', '/admin/providers/nope'],
      ['GET', '/admin/providers/nope/keys'],
      ['POST', '/admin/providers/nope/keys', { name: 'key', secret: 'sk-for-a-provider-that-is-not-there' }],
      ['POST', '/admin/providers/sim/keys/pk_nope/revoke'],
      ['POST', '/admin/providers/sim/keys/pk_nope/rotate', { secret: 'sk-replacement-for-nothing' }],
      ['DELETE', '/admin/tokens/adm_nope'],
      ['GET', '/admin/nothing-here'],
    ];
    for (const [method, path, body] of cases) {
      expectAdminError(await harness.admin(method, path, body), 404, 'not_found');
    }
  });

  it('answers 409 for a duplicate provider id and a duplicate key name', async () => {
    const body = { id: 'twice', adapter: 'openai-compatible', baseUrl: 'https://twice.example/v1' };
    expect((await harness.admin('POST', '/admin/providers', body)).status).toBe(201);
    const duplicate = expectAdminError(
      await harness.admin('POST', '/admin/providers', { ...body, name: 'Second' }),
      409,
      'conflict',
    );
    expect(duplicate.message).toContain('twice');
    // The first one is untouched by the refused second.
    expect((await harness.admin<ProviderBody>('GET', '/admin/providers/twice')).body.name).toBe('twice');

    const key = { name: 'primary', secret: 'sk-first-secret-for-twice-0001' };
    expect((await harness.admin('POST', '/admin/providers/twice/keys', key)).status).toBe(201);
    const duplicateKey = expectAdminError(
      await harness.admin('POST', '/admin/providers/twice/keys', { ...key, secret: 'sk-second-secret-for-twice-0002' }),
      409,
      'conflict',
    );
    expect(duplicateKey.message).toContain('primary');
    const keys = await harness.admin<ListBody<ProviderKeyBody>>('GET', '/admin/providers/twice/keys');
    expect(keys.body.data.map((entry) => [entry.name, entry.last4])).toEqual([['primary', '0001']]);
  });

  it('answers every authentication failure with one and the same 401 body', async () => {
    const revoked = await createToken('soon-revoked', 'admin');
    expect((await harness.admin('GET', '/admin/providers', undefined, revoked.token)).status).toBe(200);
    expect((await harness.admin('DELETE', `/admin/tokens/${revoked.id}`)).status).toBe(200);

    const failures: AdminResponse<unknown>[] = [
      await harness.admin('GET', '/admin/providers', undefined, null),
      await harness.admin('GET', '/admin/providers', undefined, 'not-a-token'),
      await harness.admin('GET', '/admin/providers', undefined, `${harness.adminToken}x`),
      await harness.admin('GET', '/admin/providers', undefined, generateAdminToken()),
      await harness.admin('GET', '/admin/providers', undefined, revoked.token),
      await harness.admin('POST', '/admin/tokens', { name: 'sneaky', role: 'admin' }, revoked.token),
    ];
    const basic = await fetch(`${harness.url}/admin/providers`, { headers: { authorization: `Basic ${harness.adminToken}` } });
    failures.push({ status: basic.status, headers: basic.headers, text: '', body: await basic.json() });

    const shapes = failures.map((response) => {
      const error = expectAdminError(response, 401, 'unauthenticated');
      const { requestId: _, ...rest } = error;
      return rest;
    });
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
    // The refused create did nothing.
    const tokens = await harness.admin<ListBody<AdminTokenBody>>('GET', '/admin/tokens');
    expect(tokens.body.data.map((token) => token.name)).not.toContain('sneaky');
  });

  it('answers 403 when the role lacks the permission: billing creating a provider, keys creating a token', async () => {
    const billing = await createToken('finance', 'billing');
    const keys = await createToken('key-keeper', 'keys');

    expect((await harness.admin('GET', '/admin/providers', undefined, billing.token)).status).toBe(200);
    const refusedProvider = expectAdminError(
      await harness.admin('POST', '/admin/providers', { ...acme, id: 'by-billing' }, billing.token),
      403,
      'forbidden',
    );
    expect(refusedProvider.message).toContain('providers:write');
    expectAdminError(await harness.admin('GET', '/admin/providers/by-billing'), 404, 'not_found');
    expectAdminError(
      await harness.admin('POST', '/admin/providers/sim/keys', { name: 'x', secret: 'sk-from-billing-0000' }, billing.token),
      403,
      'forbidden',
    );

    expect((await harness.admin('POST', '/admin/providers', { ...acme, id: 'by-keys' }, keys.token)).status).toBe(201);
    expectAdminError(
      await harness.admin('POST', '/admin/tokens', { name: 'escalate', role: 'admin' }, keys.token),
      403,
      'forbidden',
    );
    expectAdminError(await harness.admin('GET', '/admin/tokens', undefined, keys.token), 403, 'forbidden');
    const tokens = await harness.admin<ListBody<AdminTokenBody>>('GET', '/admin/tokens');
    expect(tokens.body.data.map((token) => token.name)).not.toContain('escalate');

    // The keys role reads the audit of its own work, never of admin tokens.
    const audit = await harness.admin<ListBody<AuditEntryBody>>('GET', '/admin/audit', undefined, keys.token);
    expect(audit.status).toBe(200);
    expect(audit.body.data.map((entry) => entry.targetId)).toContain('by-keys');
    expect(audit.body.data.filter((entry) => entry.targetType === 'admin_token')).toEqual([]);
  });

  it('shows a new token once: the list never carries it, and a deleted token stops working', async () => {
    const created = await harness.admin<AdminTokenBody>('POST', '/admin/tokens', { name: 'ci-deploy', role: 'keys' });
    expect(created.status).toBe(201);
    const token = created.body.token!;
    expect(token).toMatch(/^sb_admin_[0-9A-Za-z]{43}$/);
    expect(created.body).toMatchObject({ name: 'ci-deploy', role: 'keys', createdBy: bootstrapTokenId, revokedAt: null });
    expect(created.body.prefix).toBe(token.slice(0, 13));
    expect(created.body.last4).toBe(token.slice(-4));

    const list = await harness.admin<ListBody<AdminTokenBody>>('GET', '/admin/tokens');
    const listed = list.body.data.find((entry) => entry.id === created.body.id)!;
    expect(listed).toEqual({ ...created.body, token: undefined, lastUsedAt: null });
    expect(Object.keys(listed)).not.toContain('token');
    expect(list.text).not.toContain(token);

    expect((await harness.admin('GET', '/admin/providers', undefined, token)).status).toBe(200);
    const deleted = await harness.admin<AdminTokenBody>('DELETE', `/admin/tokens/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.revokedAt).not.toBeNull();
    expectAdminError(await harness.admin('GET', '/admin/providers', undefined, token), 401, 'unauthenticated');
  });

  it('audits every create, update, revoke and rotate with actor, time, target and request id', async () => {
    const started = Date.now() - 1_000;
    const steps: { response: AdminResponse<unknown>; action: string; targetType: string; targetId: () => string }[] = [];
    const step = async (action: string, targetType: string, response: AdminResponse<unknown>, targetId?: string) => {
      expect(response.status, `${action}: ${response.text}`).toBeLessThan(300);
      const id = targetId ?? (response.body as { id: string }).id;
      steps.push({ response, action, targetType, targetId: () => id });
    };

    await step('provider.create', 'provider', await harness.admin('POST', '/admin/providers', { ...acme, id: 'audited' }));
    await step('provider.update', 'provider', await harness.admin('PATCH', '/admin/providers/audited', { enabled: false }));
    const key = await harness.admin<ProviderKeyBody>('POST', '/admin/providers/audited/keys', {
      name: 'main',
      secret: 'sk-audited-original-secret-1111',
    });
    await step('provider_key.create', 'provider_key', key);
    const keyPath = `/admin/providers/audited/keys/${key.body.id}`;
    await step(
      'provider_key.rotate',
      'provider_key',
      await harness.admin('POST', `${keyPath}/rotate`, { secret: 'sk-audited-rotated-secret-2222' }),
    );
    await step('provider_key.disable', 'provider_key', await harness.admin('POST', `${keyPath}/disable`, { reason: 'paused' }));
    await step('provider_key.enable', 'provider_key', await harness.admin('POST', `${keyPath}/enable`));
    await step('provider_key.revoke', 'provider_key', await harness.admin('POST', `${keyPath}/revoke`));
    const token = await harness.admin<AdminTokenBody>('POST', '/admin/tokens', { name: 'audited-token', role: 'billing' });
    await step('admin_token.create', 'admin_token', token);
    await step('admin_token.revoke', 'admin_token', await harness.admin('DELETE', `/admin/tokens/${token.body.id}`));
    await step('provider.delete', 'provider', await harness.admin('DELETE', '/admin/providers/audited'), 'audited');

    const entries = await auditEntries();
    for (const { response, action, targetType, targetId } of steps) {
      const requestId = response.headers.get('x-request-id')!;
      const matching = entries.filter((entry) => entry.requestId === requestId);
      expect(matching, action).toHaveLength(1);
      const entry = matching[0]!;
      expect(entry).toMatchObject({ action, targetType, targetId: targetId(), actor: bootstrapTokenId });
      const occurredAt = Date.parse(entry.occurredAt);
      expect(occurredAt).toBeGreaterThanOrEqual(started);
      expect(occurredAt).toBeLessThanOrEqual(Date.now());
    }
    // Newest first, so a dashboard shows the latest change on top.
    const ids = entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((left, right) => right - left));
    const auditText = JSON.stringify(entries);
    for (const secret of ['sk-audited-original-secret-1111', 'sk-audited-rotated-secret-2222', token.body.token!]) {
      expect(auditText).not.toContain(secret);
    }
  });

  it('serves the OpenAPI document without a token', async () => {
    const response = await harness.admin<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/admin/openapi.json',
      undefined,
      null,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/admin/providers',
        '/admin/providers/{id}',
        '/admin/providers/{id}/keys',
        '/admin/providers/{id}/keys/{keyId}/rotate',
        '/admin/tokens',
        '/admin/audit',
      ]),
    );
  });

  it('puts its own x-request-id on every response, and echoes a sane one the client sent as x-client-request-id', async () => {
    const responses = [
      await harness.admin('GET', '/admin/openapi.json', undefined, null),
      await harness.admin('GET', '/admin/providers'),
      await harness.admin('POST', '/admin/tokens', { name: 'request-id-check', role: 'billing' }),
      await harness.admin('DELETE', '/admin/providers/nope'),
      await harness.admin('GET', '/admin/providers', undefined, null),
      await harness.admin('POST', '/admin/providers', { id: 'x' }),
    ];
    const created = await harness.admin('POST', '/admin/providers', { ...acme, id: 'request-ids' });
    responses.push(created, await harness.admin('DELETE', '/admin/providers/request-ids'));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 201, 404, 401, 400, 201, 204]);
    for (const response of responses) expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{20}$/);
    expect(new Set(responses.map((response) => response.headers.get('x-request-id'))).size).toBe(responses.length);

    const traced = await fetch(`${harness.url}/admin/providers/nope`, {
      headers: { authorization: `Bearer ${harness.adminToken}`, 'x-request-id': 'trace-4f2a.1' },
    });
    expect(traced.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{20}$/);
    expect(traced.headers.get('x-client-request-id')).toBe('trace-4f2a.1');
    expect(((await traced.json()) as AdminErrorBody).error.requestId).toBe(traced.headers.get('x-request-id'));
  });

  it('logs one line per admin request with its request id, status and actor, failures included', async () => {
    await harness.admin('GET', '/admin/providers/no-such-provider', undefined, undefined);
    await harness.admin('GET', '/admin/tokens/unauthenticated-probe', undefined, null);
    const lines = harness.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.route === 'admin');
    const notFound = lines.find((line) => line.path === '/admin/providers/no-such-provider');
    expect(notFound).toMatchObject({ method: 'GET', status: 404 });
    expect(notFound?.requestId).toEqual(expect.any(String));
    expect(notFound?.actor).toEqual(expect.stringMatching(/^adm_/));
    const unauthenticated = lines.filter((line) => line.path === '/admin/tokens/unauthenticated-probe');
    expect(unauthenticated).toHaveLength(1);
    expect(unauthenticated[0]).toMatchObject({ status: 401 });
    expect(unauthenticated[0]?.actor).toBeUndefined();
  });

  it('manages gateway API keys: shown once, masked after, validated, revocable, audited, readable by billing', async () => {
    const created = await harness.admin<Record<string, unknown>>('POST', '/admin/api-keys', {
      name: 'checkout-service',
      owner: 'team-payments',
      allowedModels: ['deepseek/*', 'chat-default'],
      rpmLimit: 120,
      budgetUsd: 25,
      budgetPeriod: 'month',
    });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^sb_live_[0-9A-Za-z]{38}$/);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ name: 'checkout-service', owner: 'team-payments', rpmLimit: 120 });
    expect(created.text).not.toMatch(/hash/i);

    const listed = await harness.admin<ListBody<Record<string, unknown>>>('GET', '/admin/api-keys');
    expect(listed.text).not.toContain(key);
    expect(listed.body.data.find((entry) => entry.id === id)).toMatchObject({
      last4: key.slice(-4),
      // Spend against budget for the dashboard, from the ledger admission reserves in.
      budgetUsage: {
        spentMicros: 0,
        reservedMicros: 0,
        remainingMicros: 25_000_000,
        windowStart: expect.stringMatching(/^\d{4}-\d\d-01T00:00:00\.000Z$/),
        windowEnd: expect.any(String),
      },
    });

    const patched = await harness.admin<Record<string, unknown>>('PATCH', `/admin/api-keys/${id}`, { rpmLimit: 60, owner: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ rpmLimit: 60, owner: null });
    const invalid = expectAdminError(await harness.admin('PATCH', `/admin/api-keys/${id}`, { rpmLimit: -5 }), 400, 'invalid');
    expect(invalid.message).toContain('rpmLimit');
    expectAdminError(await harness.admin('PATCH', `/admin/api-keys/${id}`, { rpmLimits: 5 }), 400, 'invalid');
    expectAdminError(await harness.admin('POST', '/admin/api-keys', { name: 'checkout-service' }), 409, 'conflict');
    expectAdminError(await harness.admin('GET', '/admin/api-keys/key_missing'), 404, 'not_found');

    const billing = await createToken('finance-keys', 'billing');
    expect((await harness.admin('GET', `/admin/api-keys/${id}`, undefined, billing.token)).status).toBe(200);
    expectAdminError(await harness.admin('POST', '/admin/api-keys', { name: 'by-billing' }, billing.token), 403, 'forbidden');

    const revoked = await harness.admin<Record<string, unknown>>('POST', `/admin/api-keys/${id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const actions = (await auditEntries()).filter((entry) => entry.targetId === id).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['api_key.create', 'api_key.update', 'api_key.revoke']));
    expect(JSON.stringify(await auditEntries())).not.toContain(key);
  });

  it('writes nothing when a request fails part-way through its transaction', async () => {
    const before = await auditEntries();
    // The provider row goes in first; the repeated model id fails after it, so all must roll back.
    const create = await harness.admin('POST', '/admin/providers', {
      ...acme,
      id: 'half-written',
      models: [{ id: 'same' }, { id: 'same' }],
    });
    const createError = expectAdminError(create, 400, 'invalid');
    expect(createError.message).toContain('same');
    expectAdminError(await harness.admin('GET', '/admin/providers/half-written'), 404, 'not_found');

    // An update writes the provider row, then replaces the models: a failure there undoes the rename too.
    const update = await harness.admin('PATCH', '/admin/providers/sim', {
      name: 'Renamed',
      models: [{ id: 'dup' }, { id: 'dup' }],
    });
    expectAdminError(update, 400, 'invalid');
    const sim = await harness.admin<ProviderBody>('GET', '/admin/providers/sim');
    expect(sim.body.name).toBe('sim');
    expect(sim.body.models.map((model) => model.id)).toEqual(['sim-model']);

    // Values the database cannot hold are the caller's mistake, not a 500.
    for (const model of [
      { id: 'huge', contextWindow: 3_000_000_000 },
      { id: 'dear', price: { input: 1e12, output: 1 } },
    ]) {
      const refused = expectAdminError(
        await harness.admin('POST', '/admin/providers', { ...acme, id: 'out-of-range', models: [model] }),
        400,
        'invalid_field',
      );
      expect(refused.message).toMatch(/^models\.0\.(contextWindow|price\.input):/);
    }
    expectAdminError(await harness.admin('GET', '/admin/providers/out-of-range'), 404, 'not_found');

    expect(await auditEntries()).toEqual(before);
  });
});
