import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiKeySummary } from '@switchboard/access';
import type { UsageEvent } from '@switchboard/usage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runV1, type V1Handler } from '../src/app/run-v1';
import { countTokensLocally } from '../src/messages/count-tokens-locally';
import { handleCountTokens } from '../src/messages/handle-count-tokens';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

// The handler on a test-only server until the /v1/messages route wires it into the hot path;
// `x-test-allowed-models` stands in for a gateway key with a model scope.
const scopedKey = (allowedModels: string[]) => ({ id: 'key_test', allowedModels }) as unknown as ApiKeySummary;

const withTestKey: V1Handler = (gateway, incoming, outgoing, signal, record) => {
  const allowed = incoming.headers['x-test-allowed-models'];
  if (typeof allowed === 'string') record.apiKey = scopedKey(allowed.split(','));
  return handleCountTokens(gateway, incoming, outgoing, signal, record);
};

// 20 (system) + 21 (text) characters, the system prompt as a second message: the simulator's rule
// gives ceil(41 / 4) + 3 * 2 = 17 for Anthropic and for Gemini alike.
const messagesBody = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32_000,
  stream: true,
  temperature: 1,
  metadata: { user_id: 'user_1' },
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'List the files here.!' }] }],
  tools: [{ name: 'Bash', description: 'Runs a command', input_schema: { type: 'object', properties: {} } }],
  thinking: { type: 'enabled', budget_tokens: 2000 },
};
const SIMULATED_COUNT = 17;

describe('POST /v1/messages/count_tokens', () => {
  let harness: Harness;
  let server: Server;
  let url: string;
  const usageEvents: UsageEvent[] = [];

  const count = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    harness = await startHarness([
      { id: 'claude', format: 'anthropic', models: [{ id: 'claude-sonnet-4-5', upstream: 'claude-sonnet-4-5-20250929' }] },
      { id: 'keyless-claude', format: 'anthropic', models: [{ id: 'claude-haiku-4-5' }], noKey: true },
      {
        id: 'google',
        format: 'gemini',
        models: [{ id: 'gemini-2.5-flash' }, { id: 'gemini-embedding-001', kind: 'embedding' }],
      },
      { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-chat', price: { input: 0.27, output: 1.1 } }] },
    ]);
    harness.gateway.context.usage = { record: (event) => usageEvents.push(event) };
    const context = harness.gateway.context;
    server = createServer((incoming, outgoing) => {
      void runV1(context, 'messages.count_tokens', '/v1/messages/count_tokens', incoming, outgoing, withTestKey);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages/count_tokens`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });
  beforeEach(() => {
    for (const id of ['claude', 'keyless-claude', 'google', 'deepseek']) harness.simulator.clearRequests(id);
    usageEvents.length = 0;
  });

  it("asks Anthropic's counter with the client's body minus refused fields, the upstream model and the gateway's key", async () => {
    const response = await count(messagesBody, {
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
      'x-request-id': 'client-trace-1',
    });
    expect(response.status).toBe(200);
    // The gateway makes the request id; the client's own comes back beside it.
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-client-request-id')).toBe('client-trace-1');
    expect(response.headers.get('x-switchboard-token-count')).toBe('provider=claude');
    expect(await response.json()).toEqual({ input_tokens: SIMULATED_COUNT });

    const [sent, ...others] = harness.simulator.requests('claude');
    expect(others).toHaveLength(0);
    expect(sent!.path).toBe('/p/claude/v1/messages/count_tokens');
    expect(sent!.headers['x-api-key']).toBe(PROVIDER_SECRET);
    expect(sent!.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(sent!.body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      system: messagesBody.system,
      messages: messagesBody.messages,
      tools: messagesBody.tools,
      thinking: messagesBody.thinking,
    });
    // Counting is free: no usage event, so nothing is billed or counted against a budget.
    expect(usageEvents).toHaveLength(0);
  });

  it("asks Gemini's countTokens with the prompt converted as for generateContent", async () => {
    const response = await count({ ...messagesBody, model: 'gemini-2.5-flash' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-token-count')).toBe('provider=google');
    expect(await response.json()).toEqual({ input_tokens: SIMULATED_COUNT });
    const [sent] = harness.simulator.requests('google');
    expect(sent!.path).toBe('/p/google/v1beta/models/gemini-2.5-flash:countTokens');
    expect(sent!.headers['x-goog-api-key']).toBe(PROVIDER_SECRET);
    expect(sent!.body).toMatchObject({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        systemInstruction: { parts: [{ text: 'You are Claude Code.' }] },
        contents: [{ role: 'user', parts: [{ text: 'List the files here.!' }] }],
        tools: [{ functionDeclarations: [{ name: 'Bash', description: 'Runs a command' }] }],
      },
    });
    expect(usageEvents).toHaveLength(0);
  });

  it('counts locally for a provider without a counting endpoint, calling nobody', async () => {
    const body = { ...messagesBody, model: 'deepseek-chat' };
    const response = await count(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-token-count')).toBe('local');
    expect(await response.json()).toEqual({ input_tokens: await countTokensLocally(body) });
    expect(harness.simulator.requests('deepseek')).toHaveLength(0);
    expect(usageEvents).toHaveLength(0);
  });

  it("falls back to the local count when the provider's counter fails, never passing the error on", async () => {
    harness.simulator.setBehaviour('claude', { errorStatus: 529 });
    try {
      const response = await count(messagesBody);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchboard-token-count')).toBe('local');
      expect(await response.json()).toEqual({ input_tokens: await countTokensLocally(messagesBody) });
      expect(harness.simulator.requests('claude')).toHaveLength(1);
    } finally {
      harness.simulator.setBehaviour('claude', { errorStatus: null });
    }
  });

  it('falls back to the local count when the provider answers something that is not a count', async () => {
    harness.simulator.setBehaviour('google', { expectedKey: 'another-key' });
    try {
      const response = await count({ ...messagesBody, model: 'gemini-2.5-flash' });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchboard-token-count')).toBe('local');
    } finally {
      harness.simulator.setBehaviour('google', { expectedKey: PROVIDER_SECRET });
    }
  });

  it('counts locally for a served model whose provider has no key, instead of refusing', async () => {
    const response = await count({ ...messagesBody, model: 'claude-haiku-4-5' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-token-count')).toBe('local');
    expect(harness.simulator.requests('keyless-claude')).toHaveLength(0);
  });

  it('answers 404 for a model nothing serves, as /v1/messages would', async () => {
    const response = await count({ ...messagesBody, model: 'claude-opus-9' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
  });

  it("applies the key's model scope", async () => {
    const refused = await count(messagesBody, { 'x-test-allowed-models': 'deepseek-*' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'model_not_allowed' } });
    expect(harness.simulator.requests('claude')).toHaveLength(0);
    const allowed = await count(messagesBody, { 'x-test-allowed-models': 'claude-*' });
    expect(allowed.status).toBe(200);
  });

  it('refuses an embedding model and a body without messages with a 400', async () => {
    const embedding = await count({ ...messagesBody, model: 'gemini-embedding-001' });
    expect(embedding.status).toBe(400);
    expect(await embedding.json()).toMatchObject({ error: { code: 'model_wrong_endpoint' } });
    const noMessages = await count({ model: 'claude-sonnet-4-5' });
    expect(noMessages.status).toBe(400);
    expect(await noMessages.json()).toMatchObject({ error: { param: 'messages' } });
  });
});
