import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { redisUrl } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningUsageWorker, startUsageWorker } from '../../worker/src/start-usage-worker';
import { createLogger } from '../src/logging/create-logger';
import { storedGeneration } from './parity-cases';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// The exact response cache on two instances sharing Redis: a repeat on either gets the first
// answer (a stream as the same stream), is recorded as a zero-cost cache_hit, and no other
// gateway key ever reads it.

let first: SwitchboardHarness;
let second: SwitchboardHarness;
let otherKey: string;
let sameOwnerKey: string;
let database: DatabaseHandle;
let worker: RunningUsageWorker;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function send(
  harness: SwitchboardHarness,
  body: Record<string, unknown>,
  cache: string | undefined,
  apiKey = first.apiKey,
): Promise<Answer> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${apiKey}`,
      ...(cache === undefined ? {} : { 'x-switchboard-cache': cache }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const chat = (content: string, fields: Record<string, unknown> = {}) => ({
  model: SIMULATED_MODEL,
  messages: [{ role: 'user', content }],
  ...fields,
});

const upstreamCalls = (requestId: string) =>
  first.simulator.requests(SIMULATED_PROVIDER).filter((request) => request.headers['x-request-id'] === requestId).length;

async function createKey(name: string, owner: string): Promise<string> {
  const created = await first.admin<{ key: string }>('POST', '/admin/api-keys', { name, owner });
  expect(created.status).toBe(201);
  return created.body.key;
}

beforeAll(async () => {
  first = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider' });
  const priced = await first.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
    models: [{ id: SIMULATED_MODEL, price: { input: 10, output: 20 } }],
  });
  expect(priced.status, priced.text).toBe(200);
  second = await startSwitchboardHarness({ join: first });
  otherKey = await createKey('other-tenant', 'team-b');
  sameOwnerKey = await createKey('same-team', 'team-a');
  database = await createDatabase({ url: first.databaseUrl, maxConnections: 1 });
  worker = await startUsageWorker(
    {
      databaseUrl: first.databaseUrl,
      redisUrl: redisUrl(),
      redisPrefix: first.redisPrefix!,
      concurrency: 1,
      retentionDays: 90,
      stalledIntervalMs: 30_000,
      logLevel: 'silent',
      statusHost: '127.0.0.1',
    },
    createLogger('silent'),
  );
});
afterAll(async () => {
  await worker?.close();
  await database?.close();
  await second?.close();
  await first?.close();
});

describe('x-switchboard-cache', () => {
  it('a repeat on the other instance is a hit: the same answer, no provider call, a zero-cost cache_hit', async () => {
    const body = chat(`Cache me ${Date.now()}`, { temperature: 0 });
    const original = await send(first, body, 'ttl=300');
    expect(original.status, original.text).toBe(200);
    expect(original.headers.get('x-switchboard-cache')).toBe('miss');
    // Key order and the caller's `user` do not change the canonical request.
    const reordered = { temperature: 0, user: 'someone', messages: body.messages, model: body.model };
    const repeat = await send(second, reordered, 'ttl=300');
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('x-switchboard-cache')).toBe('hit');
    expect(repeat.text).toBe(original.text);
    const repeatId = repeat.headers.get('x-request-id')!;
    expect(upstreamCalls(repeatId)).toBe(0);
    await storedGeneration(first, repeatId);
    const [row] = await queryRows<{ outcome: string; cost_micros: number }>(
      database.db,
      sql`select outcome, cost_micros::int as cost_micros from usage_events where request_id = ${repeatId}`,
    );
    expect(row).toEqual({ outcome: 'cache_hit', cost_micros: 0 });
  });

  it('replays a stream as a stream, chunk for chunk', async () => {
    const body = chat(`Stream me ${Date.now()}`, { stream: true });
    const original = await send(first, body, 'ttl=60');
    expect(original.text).toContain('data: [DONE]');
    const upstream = first.simulator.requests(SIMULATED_PROVIDER).at(-1)!;
    const repeat = await fetch(`${second.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first.apiKey}`, 'x-switchboard-cache': 'ttl=60' },
      body: JSON.stringify(body),
    });
    expect(repeat.headers.get('x-switchboard-cache')).toBe('hit');
    expect(repeat.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const pieces: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of repeat.body!) pieces.push(decoder.decode(chunk, { stream: true }));
    expect(pieces.join('')).toBe(original.text);
    // More than one piece: the stream was not flattened into one body.
    expect(upstream.chunksSent).toBeGreaterThan(1);
    expect(pieces.join('').split('data: ').length).toBeGreaterThan(3);
  });

  it('never crosses gateway keys; scope=team shares between keys of one owner only when asked', async () => {
    const body = chat(`Tenant ${Date.now()}`);
    expect((await send(first, body, 'ttl=300')).headers.get('x-switchboard-cache')).toBe('miss');
    const other = await send(second, body, 'ttl=300', otherKey);
    expect(other.headers.get('x-switchboard-cache')).toBe('miss');
    expect(upstreamCalls(other.headers.get('x-request-id')!)).toBe(1);

    const teamBody = chat(`Team ${Date.now()}`);
    const byTeam = await send(first, teamBody, 'ttl=300; scope=team', sameOwnerKey);
    expect(byTeam.headers.get('x-switchboard-cache')).toBe('miss');
    const sameTeam = await send(second, teamBody, 'ttl=300; scope=team', sameOwnerKey);
    expect(sameTeam.headers.get('x-switchboard-cache')).toBe('hit');
    const otherTeam = await send(second, teamBody, 'ttl=300; scope=team', otherKey);
    expect(otherTeam.headers.get('x-switchboard-cache')).toBe('miss');
  });

  it("a key's own setting caches its temperature-0 requests without the header, and nothing sampled", async () => {
    const created = await first.admin<{ key: string }>('POST', '/admin/api-keys', {
      name: 'cached-by-default',
      responseCacheTtlSeconds: 60,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = created.body.key;
    const deterministic = chat(`Default ${Date.now()}`, { temperature: 0 });
    expect((await send(first, deterministic, undefined, key)).headers.get('x-switchboard-cache')).toBe('miss');
    expect((await send(second, deterministic, undefined, key)).headers.get('x-switchboard-cache')).toBe('hit');
    const sampled = chat(`Sampled ${Date.now()}`);
    expect((await send(first, sampled, undefined, key)).headers.get('x-switchboard-cache')).toBe('bypass');
    expect((await send(first, sampled, undefined, key)).headers.get('x-switchboard-cache')).toBe('bypass');
    const refused = await first.admin('POST', '/admin/api-keys', { name: 'too-long', responseCacheTtlSeconds: 90_000 });
    expect(refused.status).toBe(400);
  });

  it('no-store bypasses, a bad directive is a 400 naming the header, and errors are never kept', async () => {
    const body = chat(`Bypass ${Date.now()}`);
    expect((await send(first, body, 'no-store')).headers.get('x-switchboard-cache')).toBe('bypass');
    const bad = await send(first, body, 'ttl=999999');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatchObject({ code: 'invalid_cache_directive', param: 'x-switchboard-cache' });

    first.simulator.setBehaviour(SIMULATED_PROVIDER, { errorStatus: 400 });
    try {
      expect((await send(first, body, 'ttl=300')).status).toBe(400);
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { errorStatus: null });
    }
    const after = await send(first, body, 'ttl=300');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-switchboard-cache')).toBe('miss');
  });
});
