import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { countTokens } from 'gpt-tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSimulatedProvider,
  lookUpGeneration,
  type ParityCase,
  parityCases,
  send,
  storedGeneration,
  upstreamRequestsOf,
} from './parity-cases';
import { type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// Usage and the generation lookup, the same tests on every surface in front of every upstream
// format: the record is the provider's count and the list price, whoever asked and however.

// deepseek-v4-flash's list price: USD per 1M tokens.
const PRICE = { input: 0.14, cachedInput: 0.028, output: 0.28 };
const costMicros = (input: number, cached: number, output: number) =>
  Math.round((input - cached) * PRICE.input + cached * PRICE.cachedInput + output * PRICE.output);

let harness: SwitchboardHarness;
let database: DatabaseHandle;
let strangerKey: string;

const providerOf = (parity: ParityCase) => `usage-${parity.upstream}`;
const modelOf = (parity: ParityCase) => `usage-${parity.upstream}-model`;

/** Waits for the request's record, then counts its rows: exactly one per request. */
async function rowsFor(requestId: string): Promise<number> {
  await storedGeneration(harness, requestId);
  // A few batcher flush intervals, so a second record would have landed too.
  await new Promise((resolve) => setTimeout(resolve, 150));
  const rows = await queryRows<{ count: number }>(
    database.db,
    sql`select count(*)::int as count from usage_events where request_id = ${requestId}`,
  );
  return rows[0]!.count;
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
  database = await createDatabase({ url: harness.databaseUrl, maxConnections: 1 });
  for (const upstream of ['openai', 'anthropic'] as const) {
    const id = `usage-${upstream}`;
    await addSimulatedProvider(harness, id, upstream, [{ id: `${id}-model`, price: PRICE }]);
  }
  const stranger = await harness.admin<{ key: string }>('POST', '/admin/api-keys', { name: 'stranger' });
  expect(stranger.status).toBe(201);
  strangerKey = stranger.body.key;
});
afterAll(async () => {
  await database?.close();
  await harness?.close();
});

describe.each(parityCases)('usage on $label', (parity) => {
  const { surface } = parity;
  const provider = providerOf(parity);
  const model = modelOf(parity);
  const expectedText = `Hello from ${provider}. Token 2. Token 3. Token 4. Token 5. Token 6. Token 7.`;

  it('a whole answer reports the provider’s counts, and one record holds them with the cost and the route', async () => {
    harness.simulator.setBehaviour(provider, { inputTokens: 1_000, cachedInputTokens: 400, chunkCount: 7, cutAfterChunks: null });
    const answer = await send(harness, surface, harness.apiKey, model);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-switchboard-provider')).toBe(provider);
    const requestId = answer.headers.get('x-request-id')!;
    const whole = surface.whole(answer.text);
    expect(whole.text).toBe(expectedText);
    expect(whole.usage).toEqual({ input: 1_000, cachedInput: 400, output: 7 });

    expect(upstreamRequestsOf(harness, provider, requestId)).toHaveLength(1);
    expect(upstreamRequestsOf(harness, provider, requestId)[0]!.usageSent).toMatchObject({
      inputTokens: 1_000,
      cachedInputTokens: 400,
      outputTokens: 7,
    });
    const stored = await storedGeneration(harness, requestId);
    expect(stored).toMatchObject({
      id: requestId,
      endpoint: surface.endpoint,
      model,
      served_model: model,
      provider_name: provider,
      streamed: false,
      outcome: 'success',
      attempts: 1,
      tokens_prompt: 1_000,
      native_tokens_cached: 400,
      tokens_completion: 7,
      usage_estimated: false,
      cost_micros: costMicros(1_000, 400, 7),
      error_code: null,
    });
    expect(await rowsFor(requestId)).toBe(1);
  });

  it('a streamed answer reports the same counts at its end, and one record holds them', async () => {
    harness.simulator.setBehaviour(provider, { inputTokens: 1_000, cachedInputTokens: 400, chunkCount: 7, cutAfterChunks: null });
    const answer = await send(harness, surface, harness.apiKey, model, { stream: true });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const requestId = answer.headers.get('x-request-id')!;
    const streamed = surface.streamed(answer.text);
    expect(streamed.completed).toBe(true);
    expect(streamed.error).toBeUndefined();
    expect(streamed.text).toBe(expectedText);
    expect(streamed.usage).toEqual({ input: 1_000, cachedInput: 400, output: 7 });

    const stored = await storedGeneration(harness, requestId);
    expect(stored).toMatchObject({
      endpoint: surface.endpoint,
      provider_name: provider,
      streamed: true,
      outcome: 'success',
      tokens_prompt: 1_000,
      native_tokens_cached: 400,
      tokens_completion: 7,
      usage_estimated: false,
      cost_micros: costMicros(1_000, 400, 7),
    });
    expect(stored.time_to_first_token).toBeGreaterThanOrEqual(0);
    expect(await rowsFor(requestId)).toBe(1);
  });

  it('a stream cut half way ends with the surface’s error frame and is recorded as an estimate of what was delivered', async () => {
    harness.simulator.setBehaviour(provider, {
      inputTokens: undefined,
      cachedInputTokens: undefined,
      chunkCount: 10,
      cutAfterChunks: 4,
    });
    try {
      const answer = await send(harness, surface, harness.apiKey, model, { stream: true, content: 'Count' });
      expect(answer.status).toBe(200);
      const requestId = answer.headers.get('x-request-id')!;
      const streamed = surface.streamed(answer.text);
      expect(streamed.completed).toBe(false);
      expect(streamed.lastFrame).toBe('error');
      expect(streamed.error?.type).toBe(surface.streamCutType);
      expect(streamed.error?.message).toBe(`Provider '${provider}' ended the stream before it was complete.`);
      expect(streamed.text).toBe(`Hello from ${provider}. Token 2. Token 3. Token 4.`);

      expect(upstreamRequestsOf(harness, provider, requestId)[0]!.usageSent).toBeNull();
      const stored = await storedGeneration(harness, requestId);
      expect(stored).toMatchObject({
        endpoint: surface.endpoint,
        provider_name: provider,
        streamed: true,
        outcome: 'stream_interrupted',
        error_code: 'upstream_stream_cut',
        usage_estimated: true,
      });
      // A tokenizer's count of exactly the text that reached the client, never the placeholder
      // output count an Anthropic stream opens with.
      expect(stored.tokens_completion).toBe(countTokens(streamed.text));
      // The prompt: the count an Anthropic stream gave in message_start (the simulator's
      // characters / 4 + 3 per message), else its text through the tokenizer plus 3 tokens of
      // framing per message and 3 for the reply.
      const promptTokens = parity.upstream === 'anthropic' ? Math.ceil('Count'.length / 4) + 3 : 6 + countTokens('userCount');
      expect(stored.tokens_prompt).toBe(promptTokens);
      expect(stored.cost_micros).toBe(costMicros(stored.tokens_prompt, 0, stored.tokens_completion));
      expect(await rowsFor(requestId)).toBe(1);
    } finally {
      harness.simulator.setBehaviour(provider, { chunkCount: 5, cutAfterChunks: null });
    }
  });

  it('GET /v1/generation finds the request by the gateway id in x-request-id, the client id and the gateway-made body id', async () => {
    harness.simulator.setBehaviour(provider, { inputTokens: undefined, cachedInputTokens: undefined, chunkCount: 5 });
    const clientId = `parity-lookup-${parity.tag}`;
    const answer = await send(harness, surface, harness.apiKey, model, {}, { 'x-request-id': clientId });
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^req_[0-9A-Za-z]{20}$/);
    expect(answer.headers.get('x-client-request-id')).toBe(clientId);
    if (surface.name === 'messages') expect(answer.headers.get('request-id')).toBe(requestId);

    const byGatewayId = await storedGeneration(harness, requestId);
    expect(byGatewayId).toMatchObject({ id: requestId, client_request_id: clientId, endpoint: surface.endpoint });
    expect((await lookUpGeneration(harness, clientId)).data?.id).toBe(requestId);

    const bodyId = surface.whole(answer.text).id;
    if (parity.wholeBodyId === 'provider') {
      // A relayed or converted body keeps the provider's own id, which names nothing here.
      expect(bodyId).not.toContain(requestId);
    } else {
      expect(bodyId).toBe(`${surface.gatewayBodyIdPrefix}${requestId}`);
      expect((await lookUpGeneration(harness, bodyId)).data?.id).toBe(requestId);
    }

    // Another key sees none of it: the same 404 as an unknown id.
    for (const id of [requestId, clientId, bodyId]) {
      const foreign = await lookUpGeneration(harness, id, strangerKey);
      expect(foreign.status, id).toBe(404);
      expect(foreign.error?.code).toBe('generation_not_found');
    }
  });
});
