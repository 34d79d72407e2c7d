import { randomUUID } from 'node:crypto';
import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { redisUrl } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningUsageWorker, startUsageWorker } from '../../worker/src/start-usage-worker';
import { createLogger } from '../src/logging/create-logger';
import { storedGeneration } from './parity-cases';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// Idempotency-Key: two gateway instances sharing Redis (and Postgres); a request repeated with the
// same key by the same gateway key gets the first answer, from either instance, and is billed once.

const EMBEDDING_PROVIDER = 'idem-embeddings';
const EMBEDDING_MODEL = 'idem-embed';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface Endpoint {
  name: string;
  path: string;
  headers(key: string): Record<string, string>;
  body(content: string): Record<string, unknown>;
}

const bearer = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });
const endpoints: Endpoint[] = [
  {
    name: 'chat completions',
    path: '/v1/chat/completions',
    headers: bearer,
    body: (content) => ({ model: SIMULATED_MODEL, messages: [{ role: 'user', content }] }),
  },
  {
    name: 'messages',
    path: '/v1/messages',
    headers: (key) => ({ 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
    body: (content) => ({ model: SIMULATED_MODEL, max_tokens: 64, messages: [{ role: 'user', content }] }),
  },
  {
    name: 'responses',
    path: '/v1/responses',
    headers: bearer,
    body: (content) => ({ model: SIMULATED_MODEL, input: content }),
  },
  {
    name: 'legacy completions',
    path: '/v1/completions',
    headers: bearer,
    body: (content) => ({ model: SIMULATED_MODEL, prompt: content, max_tokens: 16 }),
  },
  {
    name: 'embeddings',
    path: '/v1/embeddings',
    headers: bearer,
    body: (content) => ({ model: EMBEDDING_MODEL, input: content }),
  },
];

let first: SwitchboardHarness;
let second: SwitchboardHarness;
let database: DatabaseHandle;
let worker: RunningUsageWorker;

async function send(
  harness: SwitchboardHarness,
  endpoint: Endpoint,
  body: Record<string, unknown>,
  idempotencyKey?: string,
  apiKey = first.apiKey,
): Promise<Answer> {
  const response = await fetch(`${harness.url}${endpoint.path}`, {
    method: 'POST',
    headers: { ...endpoint.headers(apiKey), ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Upstream calls that carried one gateway request id. */
const upstreamCalls = (provider: string, requestId: string) =>
  first.simulator.requests(provider).filter((request) => request.headers['x-request-id'] === requestId).length;

const usageRows = async (requestIds: string[]) => {
  await Promise.all(requestIds.map((id) => storedGeneration(first, id)));
  return queryRows<{ request_id: string; outcome: string; cost_micros: number; attempts: number; provider_id: string | null }>(
    database.db,
    sql`select request_id, outcome, cost_micros::int as cost_micros, attempts, provider_id from usage_events
        where request_id in (${sql.join(
          requestIds.map((id) => sql`${id}`),
          sql`, `,
        )}) order by occurred_at`,
  );
};

beforeAll(async () => {
  first = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider' });
  const priced = await first.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
    models: [{ id: SIMULATED_MODEL, price: { input: 10, output: 20 } }],
  });
  expect(priced.status, priced.text).toBe(200);
  const { baseUrl } = first.simulator.addProvider(EMBEDDING_PROVIDER, 'openai');
  const created = await first.admin('POST', '/admin/providers', {
    id: EMBEDDING_PROVIDER,
    adapter: 'openai-compatible',
    baseUrl,
    models: [{ id: EMBEDDING_MODEL, kind: 'embedding', price: { input: 1, output: 0 } }],
  });
  expect(created.status, created.text).toBe(201);
  await first.addKey(EMBEDDING_PROVIDER, 'main', 'sk-embeddings-simulated');
  second = await startSwitchboardHarness({ join: first });
  database = await createDatabase({ url: first.databaseUrl, maxConnections: 1 });
  // With REDIS_URL usage goes through the queue: a worker on the same prefix stores it.
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
  // The second instance learns the catalog change over Redis.
  await eventually(async () => {
    const answer = await send(second, endpoints[4]!, { model: EMBEDDING_MODEL, input: 'warm' });
    return answer.status === 200 ? true : undefined;
  }, 10_000);
});
afterAll(async () => {
  await worker?.close();
  await database?.close();
  await second?.close();
  await first?.close();
});

describe.each(endpoints)('Idempotency-Key on $name', (endpoint) => {
  it('a repeat on the other instance replays the first answer, calls no provider and bills once', async () => {
    const key = randomUUID();
    const body = endpoint.body(`Hello ${key}`);
    const original = await send(first, endpoint, body, key);
    expect(original.status, original.text).toBe(200);
    const originalId = original.headers.get('x-request-id')!;
    expect(original.headers.get('idempotent-replayed')).toBeNull();

    const repeat = await send(second, endpoint, body, key);
    expect(repeat.status).toBe(200);
    expect(repeat.text).toBe(original.text);
    expect(repeat.headers.get('content-type')).toBe(original.headers.get('content-type'));
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.headers.get('x-switchboard-replay-of')).toBe(originalId);
    expect(repeat.headers.get('x-switchboard-provider')).toBe(original.headers.get('x-switchboard-provider'));
    const repeatId = repeat.headers.get('x-request-id')!;
    expect(repeatId).not.toBe(originalId);

    const provider = endpoint.name === 'embeddings' ? EMBEDDING_PROVIDER : SIMULATED_PROVIDER;
    expect(upstreamCalls(provider, originalId)).toBe(1);
    expect(upstreamCalls(provider, repeatId)).toBe(0);
    const rows = await usageRows([originalId, repeatId]);
    expect(rows.map((row) => [row.request_id, row.outcome])).toEqual([
      [originalId, 'success'],
      [repeatId, 'idempotent_replay'],
    ]);
    expect(rows[0]!.cost_micros).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ cost_micros: 0, attempts: 0, provider_id: null });
  });

  it('the same key with another body is refused with 422 in the surface’s error shape', async () => {
    const key = randomUUID();
    expect((await send(first, endpoint, endpoint.body('one'), key)).status).toBe(200);
    const other = await send(second, endpoint, endpoint.body('two'), key);
    expect(other.status).toBe(422);
    const error = JSON.parse(other.text) as { type?: string; error: { type: string; code?: string; message: string } };
    if (endpoint.name === 'messages') {
      expect(error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    } else {
      expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'idempotency_key_reused' });
    }
    expect(error.error.message).toContain('Idempotency-Key');
  });
});

describe('Idempotency-Key', () => {
  const chat = endpoints[0]!;

  it('replays a stream as the stored events, as a stream', async () => {
    const key = randomUUID();
    const body = { ...chat.body('Stream it'), stream: true };
    const original = await send(first, chat, body, key);
    expect(original.status).toBe(200);
    expect(original.text).toContain('data: [DONE]');
    const repeat = await send(second, chat, body, key);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.text).toBe(original.text);
    expect(upstreamCalls(SIMULATED_PROVIDER, repeat.headers.get('x-request-id')!)).toBe(0);
  });

  it('answers 409 to a repeat while the first is still running, then replays once it finished', async () => {
    const key = randomUUID();
    const body = chat.body(`Slow ${key}`);
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 600 });
    try {
      const before = first.simulator.requests(SIMULATED_PROVIDER).length;
      const running = send(first, chat, body, key);
      // The first request reached the provider: it holds the key now.
      await eventually(async () => (first.simulator.requests(SIMULATED_PROVIDER).length > before ? true : undefined));
      const [onFirst, onSecond] = await Promise.all([send(first, chat, body, key), send(second, chat, body, key)]);
      for (const conflict of [onFirst, onSecond]) {
        expect(conflict.status).toBe(409);
        expect(conflict.headers.get('retry-after')).toBe('1');
        expect(JSON.parse(conflict.text).error).toMatchObject({ type: 'invalid_request_error', code: 'idempotency_key_in_use' });
      }
      const original = await running;
      expect(original.status).toBe(200);
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 0 });
      const after = await send(second, chat, body, key);
      expect(after.headers.get('idempotent-replayed')).toBe('true');
      expect(after.text).toBe(original.text);
      // One provider call for the four requests.
      expect(first.simulator.requests(SIMULATED_PROVIDER).length - before).toBe(1);
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 0 });
    }
  });

  it('of two simultaneous requests one is answered and the other gets 409; one provider call', async () => {
    const key = randomUUID();
    const body = chat.body(`Together ${key}`);
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 200 });
    try {
      const before = first.simulator.requests(SIMULATED_PROVIDER).length;
      const answers = await Promise.all([send(first, chat, body, key), send(second, chat, body, key)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      expect(first.simulator.requests(SIMULATED_PROVIDER).length - before).toBe(1);
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 0 });
    }
  });

  it('is scoped to the gateway key: another key with the same Idempotency-Key runs its own request', async () => {
    const other = await first.admin<{ key: string }>('POST', '/admin/api-keys', { name: `idempotency-${randomUUID()}` });
    expect(other.status).toBe(201);
    const key = randomUUID();
    const body = chat.body('Mine');
    expect((await send(first, chat, body, key)).status).toBe(200);
    const theirs = await send(second, chat, body, key, other.body.key);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(upstreamCalls(SIMULATED_PROVIDER, theirs.headers.get('x-request-id')!)).toBe(1);
  });

  it('keeps no failed answer: after an upstream error the retry runs again', async () => {
    const key = randomUUID();
    const body = chat.body('Fail once');
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { errorStatus: 400, errorMessage: 'bad request' });
    try {
      const failed = await send(first, chat, body, key);
      expect(failed.status).toBe(400);
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { errorStatus: null, errorMessage: undefined });
    }
    const retried = await send(second, chat, body, key);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a malformed key with 400 and leaves requests without the header untouched', async () => {
    const bad = await send(first, chat, chat.body('x'), ' ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe('invalid_idempotency_key');
    const body = chat.body('No key');
    const [one, two] = [await send(first, chat, body), await send(second, chat, body)];
    expect(one.headers.get('idempotent-replayed')).toBeNull();
    expect(two.headers.get('idempotent-replayed')).toBeNull();
    expect(upstreamCalls(SIMULATED_PROVIDER, two.headers.get('x-request-id')!)).toBe(1);
  });
});
