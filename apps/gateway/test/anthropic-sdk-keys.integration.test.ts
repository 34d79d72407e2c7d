import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// The official Anthropic SDK against the whole product (gateway keys, limits, budgets, usage
// events in Postgres), DeepSeek played by the simulator behind the Messages surface.
const MODEL = 'deepseek-v4-flash';
const PRICE = { input: 0.14, output: 0.28 };
const question: Anthropic.MessageParam[] = [{ role: 'user', content: 'Hello there' }];

let harness: SwitchboardHarness;

async function rejection(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

async function createKey(fields: Record<string, unknown>): Promise<string> {
  const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', fields);
  expect(created.status, created.text).toBe(201);
  return created.body.key;
}

function sdk(options: { apiKey?: string | null; authToken?: string | null }): Anthropic {
  return new Anthropic({ baseURL: harness.url, apiKey: null, authToken: null, ...options, maxRetries: 0 });
}

beforeAll(async () => {
  harness = await startSwitchboardHarness();
  const { baseUrl } = harness.simulator.addProvider('deepseek', 'openai', { expectedKey: 'sk-deepseek-upstream', text: 'Hi!' });
  const created = await harness.admin('POST', '/admin/providers', {
    id: 'deepseek',
    adapter: 'openai-compatible',
    baseUrl,
    models: [{ id: MODEL, price: PRICE }],
  });
  expect(created.status, created.text).toBe(201);
  await harness.addKey('deepseek', 'main', 'sk-deepseek-upstream');
}, 60_000);
afterAll(async () => {
  await harness?.close();
});

describe('gateway keys on the Messages surface', () => {
  it('takes a gateway key as x-api-key (apiKey) and as Authorization: Bearer (authToken), and records the usage', async () => {
    for (const client of [sdk({ apiKey: harness.apiKey }), sdk({ authToken: harness.apiKey })]) {
      const { data, response } = await client.messages
        .create({ model: MODEL, max_tokens: 64, messages: question })
        .withResponse();
      expect(data.content).toEqual([{ type: 'text', text: 'Hi!' }]);
      const requestId = response.headers.get('x-request-id')!;
      const sent = harness.simulator.requests('deepseek').at(-1)!;
      // The client's gateway key stayed at the gateway; the provider's went upstream.
      expect(sent.headers.authorization).toBe('Bearer sk-deepseek-upstream');
      expect(JSON.stringify(sent.headers)).not.toContain(harness.apiKey);
      const stored = await eventually(async () => {
        const lookup = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(requestId)}`, {
          headers: { authorization: `Bearer ${harness.apiKey}` },
        });
        return lookup.status === 200 ? ((await lookup.json()) as { data: Record<string, unknown> }).data : undefined;
      });
      expect(stored).toMatchObject({
        served_model: MODEL,
        provider_name: 'deepseek',
        outcome: 'success',
        tokens_prompt: sent.usageSent!.inputTokens,
        tokens_completion: sent.usageSent!.outputTokens,
        usage_estimated: false,
      });
      expect(data.usage.input_tokens).toBe(sent.usageSent!.inputTokens);
    }
  });

  it('answers one identical 401 for a missing, malformed or unknown key, naming the header and the key format', async () => {
    // The SDK refuses to send without a key, so the missing one goes without it.
    const missing = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 64, messages: question }),
    });
    expect(missing.status).toBe(401);
    const missingBody = (await missing.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(missingBody).toMatchObject({ type: 'error', error: { type: 'authentication_error' }, request_id: expect.any(String) });
    const failures = [
      await rejection(
        sdk({ apiKey: 'sk-ant-api03-not-a-gateway-key' }).messages.create({ model: MODEL, max_tokens: 64, messages: question }),
      ),
      await rejection(
        sdk({ authToken: `sb_live_${'x'.repeat(38)}` }).messages.create({ model: MODEL, max_tokens: 64, messages: question }),
      ),
    ];
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(failure.type).toBe('authentication_error');
      expect(failure.apiMessage).toContain('x-api-key');
      expect(failure.apiMessage).toContain('sb_live_');
      expect(failure.headers!.get('request-id')).toBe(failure.requestID);
    }
    expect(new Set([missingBody.error.message, ...failures.map((failure) => failure.apiMessage)]).size).toBe(1);
  });

  it('refuses a key over its rate limit with a 429 rate_limit_error and retry-after', async () => {
    const client = sdk({ apiKey: await createKey({ name: 'one-a-minute', rpmLimit: 1 }) });
    await client.messages.create({ model: MODEL, max_tokens: 64, messages: question });
    const limited = await rejection(client.messages.create({ model: MODEL, max_tokens: 64, messages: question }));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.type).toBe('rate_limit_error');
    expect(Number(limited.headers!.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a key whose budget is spent with a 402 billing_error that says what to do', async () => {
    // One micro-dollar: the first answer spends it.
    const client = sdk({ apiKey: await createKey({ name: 'tiny-budget', budgetUsd: 0.000001, budgetPeriod: 'total' }) });
    const outcomes = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      outcomes.push(
        await client.messages.create({ model: MODEL, max_tokens: 64, messages: question }).catch((error: unknown) => error),
      );
    }
    const refused = outcomes.find((outcome): outcome is APIError => outcome instanceof APIError);
    expect(refused, JSON.stringify(outcomes)).toBeDefined();
    expect(refused!.status).toBe(402);
    expect(refused!.type).toBe('billing_error');
    expect(refused!.headers!.get('x-should-retry')).toBe('false');
    expect(refused!.apiMessage).toMatch(/budget/i);
  });
});
