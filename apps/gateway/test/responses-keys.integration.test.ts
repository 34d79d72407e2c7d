import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

type ResponseInput = OpenAI.Responses.ResponseInputItem[];

const NATIVE = 'native';
const NATIVE_MODEL = 'gpt-5';
const NATIVE_SECRETS = ['sk-native-one', 'sk-native-two'];

type UsageRow = {
  request_id: string;
  endpoint: string;
  stream: boolean;
  provider_id: string | null;
  outcome: string;
  input_tokens: number;
  output_tokens: number;
  estimated: boolean;
};

// The Responses surface with the whole product: gateway keys, budgets, the vault's provider keys,
// and the usage ledger with /v1/generation.
describe('POST /v1/responses with gateway keys, budgets and the usage ledger', () => {
  let harness: SwitchboardHarness;
  let database: DatabaseHandle;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
    database = await createDatabase({ url: harness.databaseUrl, maxConnections: 1 });
    // A provider serving OpenAI's Responses API itself, with two keys of its own.
    const { baseUrl } = harness.simulator.addProvider(NATIVE, 'openai', { reasoning: 'Thinking.' });
    const created = await harness.admin('POST', '/admin/providers', {
      id: NATIVE,
      adapter: 'openai-compatible',
      baseUrl,
      responsesApi: true,
      models: [{ id: NATIVE_MODEL }],
    });
    expect(created.status, created.text).toBe(201);
    for (const [index, secret] of NATIVE_SECRETS.entries()) await harness.addKey(NATIVE, `key-${index}`, secret);
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await database?.close();
    await harness?.close();
  });

  async function usageRows(requestIds: string[]): Promise<UsageRow[]> {
    return eventually(async () => {
      const rows = await queryRows<UsageRow>(
        database.db,
        sql`select request_id, endpoint, stream, provider_id, outcome, input_tokens, output_tokens, estimated
            from usage_events where request_id in ${sql.raw(`(${requestIds.map((id) => `'${id}'`).join(',')})`)}`,
      );
      return rows.length >= requestIds.length ? rows : undefined;
    }, 10_000);
  }

  async function generation(id: string) {
    const response = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${harness.apiKey}` },
    });
    return { status: response.status, body: (await response.json()) as { data?: { id: string; endpoint: string } } };
  }

  it('401 in OpenAI shape with a wrong gateway key, whole and streamed, or without one', async () => {
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'sk-not-a-gateway-key', maxRetries: 0 });
    for (const stream of [false, true]) {
      const error = await stranger.responses.create({ model: SIMULATED_MODEL, input: 'Hi', stream }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
      expect(apiError.type).toBeTruthy();
      expect(apiError.code).toBe('invalid_api_key');
      expect(apiError.headers!.get('x-request-id')).toMatch(/^req_/);
    }
    // The SDK refuses to send without a key: plain fetch, as a misconfigured client would.
    const bare = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: SIMULATED_MODEL, input: 'Hi' }),
    });
    expect(bare.status).toBe(401);
    const body = (await bare.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error)).toEqual(expect.arrayContaining(['message', 'type', 'param', 'code']));
  });

  it('402 insufficient_quota with x-should-retry: false when the key’s budget cannot cover the turn', async () => {
    const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
      models: [{ id: SIMULATED_MODEL, price: { input: 1_000, output: 1_000 } }],
    });
    expect(priced.status, priced.text).toBe(200);
    await harness.switchboard.live.settled();
    const budgeted = await harness.admin<{ key: string }>('POST', '/admin/api-keys', {
      name: 'one-micro',
      budgetUsd: 0.000001,
      budgetPeriod: 'total',
    });
    expect(budgeted.status, budgeted.text).toBe(201);
    const poor = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: budgeted.body.key, maxRetries: 0 });
    const before = harness.simulator.requests(SIMULATED_PROVIDER).length;
    for (const stream of [false, true]) {
      const error = await poor.responses
        .create({ model: SIMULATED_MODEL, input: 'Write a long essay', max_output_tokens: 2_000, stream })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const apiError = error as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status).toBe(402);
      expect(apiError.type).toBe('insufficient_quota');
      expect(apiError.code).toBe('budget_exhausted');
      expect(apiError.headers!.get('x-should-retry')).toBe('false');
    }
    expect(harness.simulator.requests(SIMULATED_PROVIDER).length).toBe(before);
  });

  it("429 with retry-after when the gateway key's own rate limit is reached, whole and streamed", async () => {
    const limited = await harness.admin<{ key: string }>('POST', '/admin/api-keys', { name: 'two-a-minute', rpmLimit: 2 });
    expect(limited.status, limited.text).toBe(201);
    const hurried = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: limited.body.key, maxRetries: 0 });
    await hurried.responses.create({ model: NATIVE_MODEL, input: 'Hi' });
    await hurried.responses.create({ model: NATIVE_MODEL, input: 'Hi' });
    for (const stream of [false, true]) {
      const error = await hurried.responses.create({ model: NATIVE_MODEL, input: 'Hi', stream }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
      expect(Number(apiError.headers!.get('retry-after'))).toBeGreaterThan(0);
      expect(apiError.type).toBe('rate_limit_error');
    }
  });

  it('keeps a conversation carrying encrypted reasoning on the provider key that made it', async () => {
    harness.simulator.clearRequests(NATIVE);
    let input: ResponseInput = [{ role: 'user', content: 'Turn 0' }];
    for (let turn = 0; turn < 6; turn++) {
      const answer = await client.responses.create({
        model: NATIVE_MODEL,
        input,
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'key-affinity-1',
      });
      input = [...input, ...(answer.output as ResponseInput), { role: 'user', content: `Turn ${turn + 1}` }];
    }
    const keys = harness.simulator.requests(NATIVE).map((request) => request.headers.authorization);
    expect(keys).toHaveLength(6);
    // The provider's keys take turns otherwise; here the one that made the reasoning serves on.
    expect(new Set(keys).size).toBe(1);
    expect(NATIVE_SECRETS.map((secret) => `Bearer ${secret}`)).toContain(keys[0]);

    // A conversation carrying nothing account-bound takes the keys in turn.
    harness.simulator.clearRequests(NATIVE);
    for (let turn = 0; turn < 4; turn++) await client.responses.create({ model: NATIVE_MODEL, input: 'Hi', store: false });
    expect(new Set(harness.simulator.requests(NATIVE).map((request) => request.headers.authorization)).size).toBe(2);
  });

  it('one usage event per request, whole and streamed, native and translated, found by x-request-id and resp_ id', async () => {
    const countResponses = async () =>
      (
        await queryRows<{ count: number }>(
          database.db,
          sql`select count(*)::int as count from usage_events where endpoint = 'responses'`,
        )
      )[0]!.count;
    // Earlier tests' events first, so the count below is this test's alone.
    const before = await eventually(async () => {
      const first = await countResponses();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return first === (await countResponses()) ? first : undefined;
    }, 10_000);
    const translatedWhole = await client.responses.create({ model: 'sim-model', input: 'Hi' }).withResponse();
    const translatedStream = await client.responses.create({ model: 'sim-model', input: 'Hi', stream: true }).withResponse();
    let translatedStreamId = '';
    for await (const event of translatedStream.data)
      if (event.type === 'response.completed') translatedStreamId = event.response.id;
    const nativeWhole = await client.responses.create({ model: NATIVE_MODEL, input: 'Hi' }).withResponse();
    const nativeStream = await client.responses.create({ model: NATIVE_MODEL, input: 'Hi', stream: true }).withResponse();
    for await (const _event of nativeStream.data) {
      // drained
    }
    const requests = [translatedWhole, translatedStream, nativeWhole, nativeStream].map(
      (answer) => answer.response.headers.get('x-request-id')!,
    );
    const rows = await usageRows(requests);
    expect(rows).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await countResponses()).toBe(before + 4);
    const byId = new Map(rows.map((row) => [row.request_id, row]));
    for (const [index, id] of requests.entries()) {
      const row = byId.get(id)!;
      expect(row, id).toMatchObject({
        endpoint: 'responses',
        stream: index % 2 === 1,
        provider_id: index < 2 ? SIMULATED_PROVIDER : NATIVE,
        outcome: 'success',
        estimated: false,
      });
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeGreaterThan(0);
    }

    // By the gateway id, for every request.
    for (const id of requests) expect((await generation(id)).body.data?.id).toBe(id);
    // By the body id the gateway wrote for translated answers: resp_ + the request id.
    expect(translatedWhole.data.id).toBe(`resp_${requests[0]}`);
    expect(translatedStreamId).toBe(`resp_${requests[1]}`);
    for (const [bodyId, id] of [
      [translatedWhole.data.id, requests[0]],
      [translatedStreamId, requests[1]],
    ] as const) {
      const found = await generation(bodyId);
      expect(found.status, bodyId).toBe(200);
      expect(found.body.data).toMatchObject({ id, endpoint: 'responses' });
    }
  });

  it('the legacy completions body id (cmpl-) finds its request too', async () => {
    const response = await fetch(`${harness.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}` },
      body: JSON.stringify({ model: SIMULATED_MODEL, prompt: 'Once upon a time' }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    const { id } = (await response.json()) as { id: string };
    expect(id).toBe(`cmpl-${requestId}`);
    await usageRows([requestId]);
    const found = await generation(id);
    expect(found.status).toBe(200);
    expect(found.body.data?.id).toBe(requestId);
  });
});
