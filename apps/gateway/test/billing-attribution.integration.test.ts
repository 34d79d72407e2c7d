import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { ingestUsageEvents, type UsageEvent } from '@switchboard/usage';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedGeneration } from './parity-cases';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// Attribution (tags and end users) through every inbound API, and monthly statements that agree
// with the usage API to the micro-dollar, against the simulator and a real Postgres.

const EMBEDDING_PROVIDER = 'attr-embeddings';
const EMBEDDING_MODEL = 'attr-embed';

interface Surface {
  name: string;
  path: string;
  headers(key: string): Record<string, string>;
  /** A body naming the end user the way this wire format does, with `metadata.tags` where it has a string-valued metadata. */
  body(user: string): Record<string, unknown>;
  /** The tags the body adds beside the header's. */
  bodyTags: string[];
}

const bearer = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });
const surfaces: Surface[] = [
  {
    name: 'chat completions',
    path: '/v1/chat/completions',
    headers: bearer,
    body: (user) => ({
      model: SIMULATED_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      user,
      store: true,
      metadata: { tags: 'feature:chat' },
    }),
    bodyTags: ['feature:chat'],
  },
  {
    name: 'messages',
    path: '/v1/messages',
    headers: (key) => ({ 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
    body: (user) => ({
      model: SIMULATED_MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
      metadata: { user_id: user },
    }),
    bodyTags: [],
  },
  {
    name: 'responses',
    path: '/v1/responses',
    headers: bearer,
    body: (user) => ({
      model: SIMULATED_MODEL,
      input: 'hi',
      safety_identifier: user,
      user: 'ignored-legacy-user',
      metadata: { tags: 'feature:responses' },
    }),
    bodyTags: ['feature:responses'],
  },
  {
    name: 'legacy completions',
    path: '/v1/completions',
    headers: bearer,
    body: (user) => ({ model: SIMULATED_MODEL, prompt: 'hi', max_tokens: 16, user }),
    bodyTags: [],
  },
  {
    name: 'embeddings',
    path: '/v1/embeddings',
    headers: bearer,
    body: (user) => ({ model: EMBEDDING_MODEL, input: 'hi', user }),
    bodyTags: [],
  },
];

let harness: SwitchboardHarness;
let database: DatabaseHandle;

async function send(surface: Surface, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${harness.url}${surface.path}`, {
    method: 'POST',
    headers: { ...surface.headers(harness.apiKey), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** An admin GET whose body is not JSON (CSV, HTML). */
async function fetchDocument(path: string) {
  const response = await fetch(`${harness.url}${path}`, { headers: { authorization: `Bearer ${harness.adminToken}` } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

interface UsageAnswer {
  data: {
    tag?: string | null;
    user?: string | null;
    requests: number;
    costMicros: number;
    model?: string;
    provider?: string | null;
  }[];
  totals: { requests: number; costMicros: number; inputTokens: number; outputTokens: number };
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
  // Prices with sub-micro-dollar remainders, so rounding has to agree and not merely be close.
  const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
    models: [{ id: SIMULATED_MODEL, price: { input: 1.234567, cachedInput: 0.2, output: 3.333333 } }],
  });
  expect(priced.status, priced.text).toBe(200);
  const { baseUrl } = harness.simulator.addProvider(EMBEDDING_PROVIDER, 'openai');
  const created = await harness.admin('POST', '/admin/providers', {
    id: EMBEDDING_PROVIDER,
    adapter: 'openai-compatible',
    baseUrl,
    models: [{ id: EMBEDDING_MODEL, kind: 'embedding', price: { input: 0.777777, output: 0 } }],
  });
  expect(created.status, created.text).toBe(201);
  await harness.addKey(EMBEDDING_PROVIDER, 'main', 'sk-embeddings-simulated');
  database = await createDatabase({ url: harness.databaseUrl, maxConnections: 1 });
});
afterAll(async () => {
  await database?.close();
  await harness?.close();
});

describe('attribution through every inbound API', () => {
  it.each(surfaces)('$name: the header tags, the body tags and the end user are stored with the event', async (surface) => {
    const user = `user-${surface.path.replaceAll('/', '-')}`;
    const answer = await send(surface, surface.body(user), { 'x-switchboard-tags': 'checkout, prod' });
    expect(answer.status, answer.text).toBe(200);
    const requestId = answer.headers.get('x-request-id')!;
    await storedGeneration(harness, requestId);
    const [row] = await queryRows<{ tags: string[]; end_user: string | null }>(
      database.db,
      sql`select tags, end_user from usage_events where request_id = ${requestId}`,
    );
    expect(row).toEqual({ tags: ['checkout', 'prod', ...surface.bodyTags], end_user: user });
  });

  it.each([
    ['an upper-case tag', { 'x-switchboard-tags': 'Prod' }],
    ['a tag of 65 characters', { 'x-switchboard-tags': 'a'.repeat(65) }],
    ['eleven tags', { 'x-switchboard-tags': Array.from({ length: 11 }, (_, index) => `t${index}`).join(',') }],
  ])('%s is refused with 400 in each surface’s error shape', async (_name, headers) => {
    const chat = await send(surfaces[0]!, surfaces[0]!.body('u'), headers);
    expect(chat.status).toBe(400);
    expect(JSON.parse(chat.text).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_attribution' });
    const messages = await send(surfaces[1]!, surfaces[1]!.body('u'), headers);
    expect(messages.status).toBe(400);
    expect(JSON.parse(messages.text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('an end user over 256 characters is refused', async () => {
    const answer = await send(surfaces[4]!, surfaces[4]!.body('x'.repeat(257)));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.param).toBe('user');
  });

  it('/admin/usage groups and filters by tag and user, and its totals stay those of the ungrouped report', async () => {
    const byTag = await harness.admin<UsageAnswer>('GET', '/admin/usage?granularity=total&groupBy=tag');
    expect(byTag.status, byTag.text).toBe(200);
    const tagRequests = Object.fromEntries(byTag.body.data.map((row) => [String(row.tag), row.requests]));
    expect(tagRequests).toMatchObject({ checkout: 5, prod: 5, 'feature:chat': 1, 'feature:responses': 1 });
    const plain = await harness.admin<UsageAnswer>('GET', '/admin/usage?granularity=total');
    expect(byTag.body.totals).toEqual(plain.body.totals);

    const prodByUser = await harness.admin<UsageAnswer>('GET', '/admin/usage?groupBy=user,tag&tag=prod');
    expect(prodByUser.status, prodByUser.text).toBe(200);
    expect(prodByUser.body.data.map((row) => row.user).sort()).toEqual(
      surfaces.map((surface) => `user-${surface.path.replaceAll('/', '-')}`).sort(),
    );
    const one = await harness.admin<UsageAnswer>('GET', '/admin/usage?granularity=total&user=user--v1-embeddings');
    expect(one.body.totals.requests).toBe(1);
    const hourly = await harness.admin('GET', '/admin/usage?granularity=hour&groupBy=tag');
    expect(hourly.status).toBe(400);
    expect(hourly.text).toMatch(/per UTC day/);
  });
});

const HOSTILE_MODEL = '<script>alert("x")</script>,=HYPERLINK("http://evil")';

function event(overrides: Partial<UsageEvent>): UsageEvent {
  return {
    requestId: `req_${Math.random().toString(36).slice(2)}`,
    occurredAt: Date.UTC(2026, 9, 15, 12),
    apiKeyId: 'key_statement',
    requestedModel: 'm',
    model: 'm',
    providerId: 'p',
    upstreamModel: 'm',
    endpoint: 'chat.completions',
    stream: false,
    outcome: 'success',
    attempts: 1,
    inputTokens: 10,
    cachedInputTokens: 2,
    cacheWriteTokens: 1,
    outputTokens: 5,
    reasoningTokens: 1,
    costMicros: 0,
    costPicos: 0,
    priceVersionId: 'pv_test',
    estimated: false,
    latencyMs: 5,
    firstTokenMs: null,
    errorCode: null,
    ...overrides,
  };
}

describe('cache savings', () => {
  it('per key in /admin/usage: the cached tokens at the input price minus what they cost, exact and rounded once', async () => {
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: 1_000, cachedInputTokens: 400 });
    try {
      for (let index = 0; index < 3; index++) {
        const answer = await send(surfaces[0]!, surfaces[0]!.body('cache-user'), { 'x-switchboard-tags': 'cache-test' });
        expect(answer.status, answer.text).toBe(200);
        await storedGeneration(harness, answer.headers.get('x-request-id')!);
      }
    } finally {
      harness.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: undefined, cachedInputTokens: 0 });
    }
    const report = await harness.admin<{
      data: { apiKeyId: string; cacheSavingsMicros: number }[];
      totals: { cacheSavingsMicros: number };
    }>('GET', '/admin/usage?granularity=total&groupBy=key&tag=cache-test');
    expect(report.status, report.text).toBe(200);
    // 3 x 400 cached tokens x (1,234,567 - 200,000) pico-dollars each = 1,241,480,400 pico-dollars: 1,241 micro-dollars.
    expect(report.body.totals.cacheSavingsMicros).toBe(1_241);
    expect(report.body.data).toHaveLength(1);
    expect(report.body.data[0]!.cacheSavingsMicros).toBe(1_241);
  });
});

describe('statements', () => {
  it('the current month’s statement equals /admin/usage for the range and scope, in JSON, CSV and HTML', async () => {
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const from = `${month}-01T00:00:00.000Z`;
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    const usage = await harness.admin<UsageAnswer>(
      'GET',
      `/admin/usage?granularity=total&groupBy=provider,model&from=${from}&to=${to}`,
    );
    expect(usage.body.totals.requests).toBeGreaterThanOrEqual(5);
    const statement = await harness.admin<{
      lines: { provider: string; model: string; costMicros: number; requests: number; priceVersionIds: string[] }[];
      totals: UsageAnswer['totals'];
    }>('GET', `/admin/statements?month=${month}`);
    expect(statement.status, statement.text).toBe(200);
    expect(statement.body.totals).toEqual(usage.body.totals);
    for (const line of statement.body.lines) {
      const match = usage.body.data.find((row) => row.provider === line.provider && row.model === line.model);
      expect(line.costMicros).toBe(match?.costMicros);
      expect(line.priceVersionIds.length).toBeGreaterThan(0);
    }
    const usd = (micros: number) => `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
    const csv = await fetchDocument(`/admin/statements?month=${month}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const totalRow = csv.text.trim().split('\r\n').at(-1)!.split(',');
    expect(totalRow[0]).toBe('total');
    expect(totalRow[10]).toBe(usd(usage.body.totals.costMicros));
    const html = await fetchDocument(`/admin/statements?month=${month}&format=html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain(`$${usd(usage.body.totals.costMicros)}`);

    const keyed = await harness.admin<{ data: { id: string }[] }>('GET', '/admin/api-keys');
    const keyId = keyed.body.data[0]!.id;
    const keyUsage = await harness.admin<UsageAnswer>(
      'GET',
      `/admin/usage?granularity=total&apiKeyId=${keyId}&from=${from}&to=${to}`,
    );
    const keyStatement = await harness.admin<{ totals: UsageAnswer['totals'] }>(
      'GET',
      `/admin/statements?month=${month}&apiKeyId=${keyId}`,
    );
    expect(keyStatement.body.totals).toEqual(keyUsage.body.totals);
  });

  it('escapes hostile model names and key names in CSV and HTML, and lists the months to invoice', async () => {
    await ingestUsageEvents(database.db, [
      event({ model: HOSTILE_MODEL, costPicos: 1_500_000, costMicros: 2 }),
      event({ model: HOSTILE_MODEL, costPicos: 1_500_000, costMicros: 2, tags: ['prod'] }),
      event({ model: 'plain', providerId: '=cmd|calc', costPicos: 333_333, costMicros: 0 }),
    ]);
    const html = await fetchDocument('/admin/statements?month=2026-10&apiKeyId=key_statement&format=html');
    expect(html.status).toBe(200);
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const csv = await fetchDocument('/admin/statements?month=2026-10&apiKeyId=key_statement&format=csv');
    expect(csv.text).toContain('"<script>alert(""x"")</script>,=HYPERLINK(""http://evil"")"');
    expect(csv.text).toContain("'=cmd|calc");
    const json = await harness.admin<{ totals: { costMicros: number }; lines: { costMicros: number }[] }>(
      'GET',
      '/admin/statements?month=2026-10&apiKeyId=key_statement',
    );
    // 3.333333 micro-dollars in all, rounded once; the lines are apportioned to add up to it.
    expect(json.body.totals.costMicros).toBe(3);
    expect(json.body.lines.reduce((sum, line) => sum + line.costMicros, 0)).toBe(3);

    const list = await harness.admin<{
      data: { month: string; apiKeyId: string | null; costMicros: number; requests: number }[];
    }>('GET', '/admin/statements');
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual({ month: '2026-10', apiKeyId: null, apiKeyName: null, requests: 3, costMicros: 3 });
    expect(list.body.data).toContainEqual({
      month: '2026-10',
      apiKeyId: 'key_statement',
      apiKeyName: null,
      requests: 3,
      costMicros: 3,
    });
    const bad = await harness.admin('GET', '/admin/statements?month=2026-13');
    expect(bad.status).toBe(400);
  });

  it('the billing role may read statements', async () => {
    const token = await harness.admin<{ token: string }>('POST', '/admin/tokens', { name: 'finance', role: 'billing' });
    expect(token.status, token.text).toBe(201);
    const read = await harness.admin('GET', '/admin/statements', undefined, token.body.token);
    expect(read.status).toBe(200);
  });
});
