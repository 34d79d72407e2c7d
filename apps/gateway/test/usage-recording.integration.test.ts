import { countTokens } from 'gpt-tokenizer';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// deepseek-v4-flash's list price, set on the simulated model: USD per 1M tokens.
const PRICE = { input: 0.14, cachedInput: 0.028, output: 0.28 };
const costMicros = (input: number, cached: number, output: number) =>
  Math.round((input - cached) * PRICE.input + cached * PRICE.cachedInput + output * PRICE.output);
// Exact, in pico-dollars (tokens x micro-dollars per 1M): what usage.cost and total_cost show.
const costPicos = (input: number, cached: number, output: number) =>
  (input - cached) * 140_000 + cached * 28_000 + output * 280_000;

interface Generation {
  data: {
    id: string;
    model: string;
    served_model: string;
    provider_name: string | null;
    streamed: boolean;
    outcome: string;
    attempts: number;
    tokens_prompt: number;
    tokens_completion: number;
    native_tokens_cached: number;
    usage_estimated: boolean;
    total_cost: number;
    cost_micros: number;
    time_to_first_token: number | null;
  };
}

let harness: SwitchboardHarness;
let client: OpenAI;

async function generation(requestId: string, apiKey = harness.apiKey) {
  const response = await fetch(`${harness.url}/v1/generation?id=${encodeURIComponent(requestId)}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  return { status: response.status, body: (await response.json()) as Generation & { error?: { code: string; param?: string } } };
}

/** The stored record, once the batcher has flushed it (tens of milliseconds). */
async function storedGeneration(requestId: string): Promise<Generation['data']> {
  return eventually(async () => {
    const { status, body } = await generation(requestId);
    return status === 200 ? body.data : undefined;
  });
}

function lastUsageSent(requestId: string) {
  const sent = harness.simulator.requests(SIMULATED_PROVIDER).filter((request) => request.headers['x-request-id'] === requestId);
  return sent.at(-1)?.usageSent;
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
  const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
    models: [{ id: SIMULATED_MODEL, price: PRICE }],
  });
  expect(priced.status, priced.text).toBe(200);
  await harness.switchboard.live.settled();
  client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
});
afterAll(async () => {
  await harness?.close();
});

describe('usage events in the embedded pipeline (no Redis: ingested in-process)', () => {
  it('a whole answer carries usage.cost, and its stored record equals what the provider reported', async () => {
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: 1_000, cachedInputTokens: 400, chunkCount: 7 });
    const { data, response } = await client.chat.completions
      .create({ model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    const requestId = response.headers.get('x-request-id')!;
    const sent = lastUsageSent(requestId)!;
    expect(sent).toMatchObject({ inputTokens: 1_000, cachedInputTokens: 400, outputTokens: 7 });
    const expectedCost = costMicros(1_000, 400, 7);
    expect((data.usage as unknown as { cost: number }).cost).toBe(costPicos(1_000, 400, 7) / 1e12);

    const stored = await storedGeneration(requestId);
    expect(stored).toMatchObject({
      id: requestId,
      model: SIMULATED_MODEL,
      served_model: SIMULATED_MODEL,
      provider_name: SIMULATED_PROVIDER,
      streamed: false,
      outcome: 'success',
      attempts: 1,
      tokens_prompt: 1_000,
      native_tokens_cached: 400,
      tokens_completion: 7,
      usage_estimated: false,
      cost_micros: expectedCost,
    });
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: undefined, cachedInputTokens: undefined, chunkCount: 5 });
  });

  it('a stream whose client did not ask for usage is still billed from the usage chunk the gateway asked for', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}` },
      body: JSON.stringify({ model: SIMULATED_MODEL, stream: true, messages: [{ role: 'user', content: 'Count' }] }),
    });
    const text = await response.text();
    const requestId = response.headers.get('x-request-id')!;
    // The client did not ask, so it sees no usage chunk.
    expect(text).not.toContain('"usage":{');
    const sent = lastUsageSent(requestId)!;
    const stored = await storedGeneration(requestId);
    expect(stored).toMatchObject({
      streamed: true,
      outcome: 'success',
      tokens_prompt: sent.inputTokens,
      tokens_completion: sent.outputTokens,
      usage_estimated: false,
      cost_micros: costMicros(sent.inputTokens, sent.cachedInputTokens, sent.outputTokens),
    });
    expect(stored.time_to_first_token).toBeGreaterThanOrEqual(0);
  });

  it('a stream whose client asked for usage gets its cost in the usage chunk, the same the record holds', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: SIMULATED_MODEL,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Count to five' }],
      })
      .withResponse();
    let usage: { prompt_tokens: number; completion_tokens: number; cost?: number } | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage as typeof usage;
    const requestId = response.headers.get('x-request-id')!;
    const stored = await storedGeneration(requestId);
    expect(usage).toMatchObject({ prompt_tokens: stored.tokens_prompt, completion_tokens: stored.tokens_completion });
    expect(usage?.cost).toBe(stored.total_cost);
    expect(stored.total_cost).toBe(costPicos(stored.tokens_prompt, 0, stored.tokens_completion) / 1e12);
    expect(stored.cost_micros).toBeGreaterThan(0);
  });

  it('a stream cut half way is recorded as interrupted with an estimate of what was delivered', async () => {
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { chunkCount: 10, cutAfterChunks: 4 });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}` },
      body: JSON.stringify({ model: SIMULATED_MODEL, stream: true, messages: [{ role: 'user', content: 'Count' }] }),
    });
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[]; error?: { code: string } });
    // The stream ends with the choices-less error frame.
    expect(events.at(-1)?.error?.code).toBe('upstream_stream_cut');
    const delivered = events.map((event) => event.choices?.[0]?.delta?.content ?? '').join('');
    expect(delivered.length).toBeGreaterThan(0);
    const requestId = response.headers.get('x-request-id')!;
    expect(lastUsageSent(requestId)).toBeNull();
    const stored = await storedGeneration(requestId);
    expect(stored).toMatchObject({ outcome: 'stream_interrupted', usage_estimated: true });
    // A tokenizer's count of exactly what reached the client, and of the prompt: its text plus
    // 3 tokens of framing per message and 3 for the reply.
    expect(stored.tokens_completion).toBe(countTokens(delivered));
    expect(stored.tokens_prompt).toBe(6 + countTokens('userCount'));
    expect(stored.cost_micros).toBe(costMicros(stored.tokens_prompt, 0, stored.tokens_completion));
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { chunkCount: 5, cutAfterChunks: null });
  });

  it('a request the provider fails is recorded with its attempts and no tokens; one refused at admission is not', async () => {
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { errorStatus: 500 });
    const failed = await harness.chat();
    expect(failed.status).toBe(502);
    const requestId = failed.headers.get('x-request-id')!;
    const stored = await storedGeneration(requestId);
    expect(stored).toMatchObject({
      outcome: 'upstream_error',
      attempts: 1,
      tokens_prompt: 0,
      tokens_completion: 0,
      cost_micros: 0,
    });
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { errorStatus: null });

    const unknownModel = await harness.chat('no-such-model');
    expect(unknownModel.status).toBe(404);
    // Give the batcher several flush intervals: nothing may appear.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await generation(unknownModel.headers.get('x-request-id')!)).status).toBe(404);
  });

  it("GET /v1/generation answers 400 without an id and 404 for another key's request", async () => {
    const missing = await fetch(`${harness.url}/v1/generation`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('id');

    const mine = await harness.chat();
    const requestId = mine.headers.get('x-request-id')!;
    await storedGeneration(requestId);
    const other = await harness.admin<{ key: string }>('POST', '/admin/api-keys', { name: 'other-team' });
    expect(other.status).toBe(201);
    const foreign = await generation(requestId, other.body.key);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe('generation_not_found');
  });
});

describe('GET /admin/usage', () => {
  it('reports the rollups grouped by provider, with totals that equal the stored events, to admin and billing only', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const url = `/admin/usage?from=${encodeURIComponent(from)}&granularity=total&groupBy=provider,model,key`;
    const report = await eventually(async () => {
      const response = await harness.admin<{
        data: {
          provider: string | null;
          model: string;
          apiKeyId: string;
          requests: number;
          costMicros: number;
          costUsd: number;
        }[];
        totals: { requests: number; errors: number; costMicros: number; inputTokens: number };
      }>('GET', url);
      expect(response.status, response.text).toBe(200);
      // The six admitted requests the earlier tests made (the unknown model was never admitted).
      return response.body.totals.requests >= 6 ? response.body : undefined;
    });
    const simRows = report.data.filter((row) => row.provider === SIMULATED_PROVIDER);
    expect(simRows.length).toBeGreaterThan(0);
    expect(simRows.every((row) => row.model === SIMULATED_MODEL)).toBe(true);
    expect(report.totals.requests).toBe(6);
    // The cut stream and the provider's 500.
    expect(report.totals.errors).toBe(2);
    expect(report.totals.costMicros).toBe(report.data.reduce((sum, row) => sum + row.costMicros, 0));
    expect(report.data[0]!.costUsd).toBe(report.data[0]!.costMicros / 1e6);

    const billing = await harness.admin<{ token: string }>('POST', '/admin/tokens', { name: 'finance', role: 'billing' });
    const keys = await harness.admin<{ token: string }>('POST', '/admin/tokens', { name: 'ops', role: 'keys' });
    expect((await harness.admin('GET', url, undefined, billing.body.token)).status).toBe(200);
    expect((await harness.admin('GET', url, undefined, keys.body.token)).status).toBe(403);
    expect((await harness.admin('GET', url, undefined, null)).status).toBe(401);
  });

  it('exports CSV and refuses bad parameters with a 400 naming them', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const response = await fetch(
      `${harness.url}/admin/usage?from=${encodeURIComponent(from)}&granularity=minute&groupBy=provider&format=csv`,
      { headers: { authorization: `Bearer ${harness.adminToken}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="switchboard-usage-/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'bucket_start,provider,requests,errors,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd,refused',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00.000Z,${SIMULATED_PROVIDER},\\d+,`));

    for (const [query, field] of [
      ['groupBy=tenant', 'groupBy'],
      ['granularity=week', 'granularity'],
      ['from=yesterday', 'from'],
      ['colour=red', 'colour'],
      ['granularity=minute&from=2020-01-01', 'granularity'],
    ] as const) {
      const bad = await harness.admin<{ error: { code: string; message: string } }>('GET', `/admin/usage?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.message.startsWith(field), bad.body.error.message).toBe(true);
    }
  });
});
