import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface CreatedKey {
  id: string;
  key: string;
}

interface Answer {
  status: number;
  text: string;
}

interface ErrorBody {
  error: { type: string; code: string; message: string; param?: string | null };
}

interface KeyReportBody {
  data: {
    id: string;
    name: string;
    owner: string | null;
    allowedModels: string[] | null;
    rateLimits: { requestsPerMinute: number | null; tokensPerMinute: number | null; concurrentRequests: number | null };
    budget: {
      period: string;
      limitUsd: number;
      spentUsd: number;
      reservedUsd: number;
      remainingUsd: number;
      windowStart: string;
      windowEnd: string | null;
    } | null;
  };
}

const DAY_MS = 86_400_000;

describe('gateway key scopes and GET /v1/key on one instance', () => {
  let harness: SwitchboardHarness;

  async function createKey(fields: Record<string, unknown>): Promise<CreatedKey> {
    const created = await harness.admin<CreatedKey>('POST', '/admin/api-keys', fields);
    expect(created.status, created.text).toBe(201);
    return created.body;
  }

  async function chat(key: string, model = SIMULATED_MODEL): Promise<Answer> {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    return { status: response.status, text: await response.text() };
  }

  /** A refusal must come before any upstream call: the provider never sees a request a key may not make. */
  async function refusedBeforeUpstream(key: string): Promise<{ status: number; body: ErrorBody }> {
    const before = harness.simulator.requests(SIMULATED_PROVIDER).length;
    const answer = await chat(key);
    expect(harness.simulator.requests(SIMULATED_PROVIDER)).toHaveLength(before);
    return { status: answer.status, body: JSON.parse(answer.text) as ErrorBody };
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
  });
  afterAll(() => harness?.close());

  it('refuses an expired key with the 401 every bad key gets, and stops a cached key the moment it expires', async () => {
    const expired = await createKey({ name: 'expired', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const refused = await refusedBeforeUpstream(expired.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    expect((await chat('sb_live_not-a-key')).text).toBe(JSON.stringify(refused.body));

    // Expiry is judged on every request, not only when the key is read from the database.
    const expiresAt = Date.now() + 700;
    const expiring = await createKey({ name: 'expiring', expiresAt: new Date(expiresAt).toISOString() });
    expect((await chat(expiring.key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    expect((await refusedBeforeUpstream(expiring.key)).status).toBe(401);
  });

  it('refuses a client outside the key IP allowlist with 403 ip_not_allowed', async () => {
    const elsewhere = await createKey({ name: 'private-network-only', ipAllowlist: ['10.0.0.0/8'] });
    const refused = await refusedBeforeUpstream(elsewhere.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'permission_error', code: 'ip_not_allowed' });
    expect(refused.body.error.message).toContain('127.0.0.1');

    const loopback = await createKey({ name: 'loopback-only', ipAllowlist: ['127.0.0.0/8', '10.0.0.0/8'] });
    expect((await chat(loopback.key)).status).toBe(200);
  });

  it('refuses a model outside allowedModels with 403 model_not_allowed naming the model', async () => {
    const others = await createKey({ name: 'other-models', allowedModels: ['other-*'] });
    const refused = await refusedBeforeUpstream(others.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed', param: 'model' });
    expect(refused.body.error.message).toContain(`'${SIMULATED_MODEL}'`);

    const simulated = await createKey({ name: 'simulated-models', allowedModels: ['other-*', 'sim-*'] });
    expect((await chat(simulated.key)).status).toBe(200);
  });

  it('refuses an endpoint outside allowedEndpoints with 403 endpoint_not_allowed', async () => {
    const embeddingsOnly = await createKey({ name: 'embeddings-only', allowedEndpoints: ['/v1/embeddings'] });
    const refused = await refusedBeforeUpstream(embeddingsOnly.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'permission_error', code: 'endpoint_not_allowed' });
    expect(refused.body.error.message).toContain('/v1/chat/completions');

    const chatOnly = await createKey({ name: 'chat-only', allowedEndpoints: ['/v1/chat/*'] });
    expect((await chat(chatOnly.key)).status).toBe(200);
  });

  it('describes a key with its limits and untouched budget on GET /v1/key, and refuses a caller without a key', async () => {
    const limited = await createKey({
      name: 'limited-and-budgeted',
      owner: 'team-search',
      allowedModels: ['sim-*'],
      rpmLimit: 60,
      tpmLimit: 90_000,
      concurrencyLimit: 3,
      budgetUsd: 12.5,
      budgetPeriod: 'week',
    });
    const before = Date.now();
    const response = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${limited.key}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(limited.key);
    const { data } = JSON.parse(text) as KeyReportBody;
    expect(data).toMatchObject({
      id: limited.id,
      name: 'limited-and-budgeted',
      owner: 'team-search',
      allowedModels: ['sim-*'],
      rateLimits: { requestsPerMinute: 60, tokensPerMinute: 90_000, concurrentRequests: 3 },
      budget: { period: 'week', limitUsd: 12.5, spentUsd: 0, reservedUsd: 0, remainingUsd: 12.5 },
    });
    // The current UTC week, Monday to Monday, holding now.
    const windowStart = Date.parse(data.budget!.windowStart);
    const windowEnd = Date.parse(data.budget!.windowEnd!);
    expect(new Date(windowStart).getUTCDay()).toBe(1);
    expect(windowStart % DAY_MS).toBe(0);
    expect(windowEnd - windowStart).toBe(7 * DAY_MS);
    expect(windowStart).toBeLessThanOrEqual(before);
    expect(windowEnd).toBeGreaterThan(before);

    const unlimited = await createKey({ name: 'unlimited' });
    const plain = (await (
      await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${unlimited.key}` } })
    ).json()) as KeyReportBody;
    expect(plain.data.rateLimits).toEqual({ requestsPerMinute: null, tokensPerMinute: null, concurrentRequests: null });
    expect(plain.data.budget).toBeNull();

    const anonymous = await fetch(`${harness.url}/v1/key`);
    expect(anonymous.status).toBe(401);
    // The same body as every other refused key, whichever route answered it.
    expect(await anonymous.text()).toBe((await chat('sb_live_not-a-key')).text);
    const bodyless = await fetch(`${harness.url}/v1/key`, { headers: { authorization: 'Bearer ' } });
    expect(bodyless.status).toBe(401);
    expect(((await bodyless.json()) as ErrorBody).error).toMatchObject({
      type: 'authentication_error',
      code: 'invalid_api_key',
    });
  });
});
