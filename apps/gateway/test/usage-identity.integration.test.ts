import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, SIMULATED_MODEL, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

let harness: SwitchboardHarness;
let database: DatabaseHandle;
let otherKey: { id: string; key: string };
let strangerKey: { id: string; key: string };

const CLIENT_ID = 'client-trace-0042';

async function chat(key: string, clientRequestId?: string, model = SIMULATED_MODEL) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  if (clientRequestId !== undefined) headers['x-request-id'] = clientRequestId;
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  const body = (await response.json()) as { id?: string };
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id')!,
    clientRequestId: response.headers.get('x-client-request-id'),
    bodyId: body.id,
  };
}

async function generation(id: string, key: string) {
  const response = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: { id: string; client_request_id: string | null; upstream_id: string | null };
      error?: { code: string };
    },
  };
}

async function storedWithClientId(clientRequestId: string) {
  return queryRows<{ request_id: string; api_key_id: string }>(
    database.db,
    sql`select request_id, api_key_id from usage_events where client_request_id = ${clientRequestId}`,
  );
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
  database = await createDatabase({ url: harness.databaseUrl, maxConnections: 1 });
  const other = await harness.admin<{ id: string; key: string }>('POST', '/admin/api-keys', { name: 'other-team' });
  const stranger = await harness.admin<{ id: string; key: string }>('POST', '/admin/api-keys', { name: 'stranger' });
  expect(other.status).toBe(201);
  expect(stranger.status).toBe(201);
  otherKey = other.body;
  strangerKey = stranger.body;
});
afterAll(async () => {
  await database?.close();
  await harness?.close();
});

describe('usage identity: the gateway makes every request id, the client id is kept beside it', () => {
  it('99 successful requests sent with one client x-request-id are 99 usage rows, each with its own gateway id', async () => {
    const answers = [];
    // Ten at a time, so batches hold several events that share the client id.
    for (let start = 0; start < 99; start += 10) {
      const wave = Array.from({ length: Math.min(10, 99 - start) }, () => chat(harness.apiKey, CLIENT_ID));
      answers.push(...(await Promise.all(wave)));
    }
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const gatewayIds = new Set(answers.map((answer) => answer.requestId));
    expect(gatewayIds.size).toBe(99);
    for (const answer of answers) {
      expect(answer.requestId).toMatch(/^req_[0-9A-Za-z]{20}$/);
      expect(answer.clientRequestId).toBe(CLIENT_ID);
      // An OpenAI-format provider's body passes through with its own id; never the client's.
      expect(answer.bodyId).not.toContain(CLIENT_ID);
    }
    const rows = await eventually(async () => {
      const stored = await storedWithClientId(CLIENT_ID);
      return stored.length >= 99 ? stored : undefined;
    }, 10_000);
    expect(rows).toHaveLength(99);
    expect(new Set(rows.map((row) => row.request_id))).toEqual(gatewayIds);
  });

  it('a request without a client id gets no x-client-request-id; a nonsense one is ignored', async () => {
    const plain = await chat(harness.apiKey);
    expect(plain.clientRequestId).toBeNull();
    const nonsense = await chat(harness.apiKey, 'has spaces and {braces}');
    expect(nonsense.clientRequestId).toBeNull();
    expect(nonsense.requestId).toMatch(/^req_/);
  });

  it('another key reusing the same client id is recorded too, and each key finds its own request by it', async () => {
    const mine = await chat(harness.apiKey, 'shared-id-7');
    const theirs = await chat(otherKey.key, 'shared-id-7');
    expect(theirs.status).toBe(200);
    const rows = await eventually(async () => {
      const stored = await storedWithClientId('shared-id-7');
      return stored.length >= 2 ? stored : undefined;
    });
    expect(rows.map((row) => row.request_id).sort()).toEqual([mine.requestId, theirs.requestId].sort());
    expect(new Set(rows.map((row) => row.api_key_id)).size).toBe(2);

    const byClientIdMine = await generation('shared-id-7', harness.apiKey);
    const byClientIdTheirs = await generation('shared-id-7', otherKey.key);
    expect(byClientIdMine.status).toBe(200);
    expect(byClientIdMine.body.data).toMatchObject({ id: mine.requestId, client_request_id: 'shared-id-7' });
    expect(byClientIdTheirs.body.data).toMatchObject({ id: theirs.requestId, client_request_id: 'shared-id-7' });
  });

  it('GET /v1/generation finds a request by the gateway id, the body id or the client id, for its key only', async () => {
    // An Anthropic-format provider: the gateway writes the Chat Completions body, with its id.
    const { baseUrl } = harness.simulator.addProvider('claude-sim', 'anthropic');
    const created = await harness.admin('POST', '/admin/providers', {
      id: 'claude-sim',
      adapter: 'anthropic',
      baseUrl,
      models: [{ id: 'claude-sim-model' }],
    });
    expect(created.status, created.text).toBe(201);
    await harness.addKey('claude-sim', 'main', 'sk-ant-simulated');
    // Streamed: the chunks the gateway writes carry an id made from its own.
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}`, 'x-request-id': 'lookup-me-1' },
      body: JSON.stringify({ model: 'claude-sim-model', stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    const firstChunk = (await response.text()).split('\n').find((line) => line.startsWith('data: {'))!;
    const answer = {
      requestId: response.headers.get('x-request-id')!,
      bodyId: (JSON.parse(firstChunk.slice(6)) as { id: string }).id,
    };
    expect(response.status).toBe(200);
    expect(answer.bodyId).toBe(`chatcmpl-${answer.requestId}`);
    const byGatewayId = await eventually(async () => {
      const found = await generation(answer.requestId, harness.apiKey);
      return found.status === 200 ? found : undefined;
    });
    expect(byGatewayId.body.data).toMatchObject({ id: answer.requestId, client_request_id: 'lookup-me-1' });
    expect((await generation(answer.bodyId!, harness.apiKey)).body.data?.id).toBe(answer.requestId);
    expect((await generation('lookup-me-1', harness.apiKey)).body.data?.id).toBe(answer.requestId);

    // Another key sees neither id: the same 404 as an unknown id, nothing leaks.
    for (const id of [answer.requestId, answer.bodyId!, 'lookup-me-1', CLIENT_ID]) {
      const foreign = await generation(id, strangerKey.key);
      expect(foreign.status, id).toBe(404);
      expect(foreign.body.error?.code).toBe('generation_not_found');
      expect(foreign.body.data).toBeUndefined();
    }
  });

  it("finds a passthrough answer by the provider's own body id, for the key that made it only", async () => {
    const { baseUrl } = harness.simulator.addProvider('openai-native', 'openai');
    const created = await harness.admin('POST', '/admin/providers', {
      id: 'openai-native',
      adapter: 'openai-compatible',
      baseUrl,
      responsesApi: true,
      models: [{ id: 'native-model' }, { id: 'instruct-model', capabilities: { legacyCompletions: 'completions' } }],
    });
    expect(created.status, created.text).toBe(201);
    await harness.addKey('openai-native', 'main', 'sk-native-simulated');
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${harness.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}` },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      // A stream's first event names the answer (Chat chunks and Responses' response.created).
      const json = text.startsWith('{')
        ? JSON.parse(text)
        : JSON.parse(
            text
              .split('\n')
              .find((line) => line.startsWith('data: {'))!
              .slice(6),
          );
      return { requestId: response.headers.get('x-request-id')!, bodyId: (json.id ?? json.response?.id) as string };
    };
    const answers = {
      chat: await call('/v1/chat/completions', { model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hi' }] }),
      chatStream: await call('/v1/chat/completions', {
        model: SIMULATED_MODEL,
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
      responses: await call('/v1/responses', { model: 'native-model', input: 'Hi' }),
      responsesStream: await call('/v1/responses', { model: 'native-model', input: 'Hi', stream: true }),
      completions: await call('/v1/completions', { model: 'instruct-model', prompt: 'Hi' }),
      completionsStream: await call('/v1/completions', { model: 'instruct-model', prompt: 'Hi', stream: true }),
      messages: await call('/v1/messages', {
        model: 'claude-sim-model',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    };
    expect(answers.chat.bodyId).toMatch(/^chatcmpl-/);
    expect(answers.chatStream.bodyId).toMatch(/^chatcmpl-/);
    expect(answers.responses.bodyId).toMatch(/^resp_/);
    expect(answers.responsesStream.bodyId).toMatch(/^resp_/);
    expect(answers.messages.bodyId).toMatch(/^msg_/);
    expect(answers.completions.bodyId).toMatch(/^cmpl-sim/);
    expect(answers.completionsStream.bodyId).toMatch(/^cmpl-sim/);
    for (const [name, answer] of Object.entries(answers)) {
      // The provider's id, not one the gateway made from its own.
      expect(answer.bodyId, name).not.toContain(answer.requestId);
      const found = await eventually(async () => {
        const lookup = await generation(answer.bodyId, harness.apiKey);
        return lookup.status === 200 ? lookup : undefined;
      });
      expect(found.body.data, name).toMatchObject({ id: answer.requestId, upstream_id: answer.bodyId });
      const foreign = await generation(answer.bodyId, strangerKey.key);
      expect(foreign.status, name).toBe(404);
      expect(foreign.body.data).toBeUndefined();
    }
    const stored = await queryRows<{ request_id: string }>(
      database.db,
      sql`select request_id from usage_events where upstream_id = ${answers.responses.bodyId}`,
    );
    expect(stored.map((row) => row.request_id)).toEqual([answers.responses.requestId]);
  });

  it('an error answer carries both ids too', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}`, 'x-request-id': 'err-1' },
      body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-client-request-id')).toBe('err-1');
    const models = await fetch(`${harness.url}/v1/models`, {
      headers: { authorization: `Bearer ${harness.apiKey}`, 'x-request-id': 'models-1' },
    });
    expect(models.headers.get('x-request-id')).toMatch(/^req_/);
    expect(models.headers.get('x-client-request-id')).toBe('models-1');
  });
});
