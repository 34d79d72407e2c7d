import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { SimulatedBehaviour, SimulatedFormat } from '@switchboard/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type HarnessProvider, PROVIDER_SECRET, startHarness } from './gateway-harness';

// The official Anthropic SDK pointed at the gateway's Messages surface, served by three kinds of
// upstream: an OpenAI-shaped one (DeepSeek, translated), Anthropic itself (native passthrough) and
// Gemini (translated).
interface UpstreamCase {
  provider: string;
  format: SimulatedFormat;
  model: string;
  /** Same wire format both sides: the body goes up untouched but for the key. */
  passthrough: boolean;
}

const CASES: UpstreamCase[] = [
  { provider: 'deepseek', format: 'openai', model: 'deepseek-v4-flash', passthrough: false },
  { provider: 'claude', format: 'anthropic', model: 'claude-sonnet-4-5', passthrough: true },
  { provider: 'gemini', format: 'gemini', model: 'gemini-2.5-flash', passthrough: false },
];

// Each case also gets two always-failing twins, so injected faults never cool down the main one.
const limited = (upstream: UpstreamCase) => ({ provider: `${upstream.provider}-limited`, model: `${upstream.model}-limited` });
const broke = (upstream: UpstreamCase) => ({ provider: `${upstream.provider}-broke`, model: `${upstream.model}-broke` });

const PLAIN: Partial<SimulatedBehaviour> = {
  text: 'Sunny and warm.',
  chunkCount: 3,
  toolCall: undefined,
  toolCallUntilResult: undefined,
  inputTokens: undefined,
  cachedInputTokens: undefined,
};

const WEATHER_TOOL: Anthropic.Tool = {
  name: 'get_weather',
  description: 'The weather in a city now',
  input_schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  } as Anthropic.Tool.InputSchema,
};

let harness: Harness;
let client: Anthropic;

function providers(): HarnessProvider[] {
  return CASES.flatMap((upstream) => [
    { id: upstream.provider, format: upstream.format, models: [{ id: upstream.model }] },
    {
      id: limited(upstream).provider,
      format: upstream.format,
      models: [{ id: limited(upstream).model }],
      behaviour: { errorStatus: 429, retryAfterSeconds: 7 },
    },
    {
      id: broke(upstream).provider,
      format: upstream.format,
      models: [{ id: broke(upstream).model }],
      behaviour: { errorStatus: 402 },
    },
  ]);
}

beforeAll(async () => {
  harness = await startHarness(providers());
  // The SDK appends /v1/messages itself; the open test gateway takes any key.
  client = new Anthropic({ baseURL: harness.gateway.url, apiKey: 'sk-client-key-not-the-provider-one', maxRetries: 0 });
});
afterAll(() => harness.close());

async function rejection(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function lastRequest(provider: string) {
  return harness.simulator.requests(provider).at(-1)!;
}

/** Upstream calls that generate (and bill); a provider's own counting endpoint is not one. */
function generationCalls(provider: string): number {
  return harness.simulator.requests(provider).filter((request) => !/count/i.test(request.path)).length;
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe.each(CASES)('the Anthropic SDK through the gateway to $provider ($format)', (upstream) => {
  beforeEach(() => {
    harness.simulator.setBehaviour(upstream.provider, PLAIN);
  });

  it('creates a whole message with the answer, stop reason, usage and the model that served', async () => {
    harness.simulator.setBehaviour(upstream.provider, { inputTokens: 1_000, cachedInputTokens: 400 });
    const { data, response } = await client.messages
      .create({
        model: upstream.model,
        max_tokens: 256,
        system: 'You are terse.',
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      })
      .withResponse();
    expect(data).toMatchObject({ type: 'message', role: 'assistant', model: upstream.model, stop_reason: 'end_turn' });
    expect(textOf(data)).toBe('Sunny and warm.');
    // Anthropic's input_tokens excludes cache reads, whatever the upstream's convention.
    expect(data.usage).toMatchObject({ input_tokens: 600, cache_read_input_tokens: 400, output_tokens: 3 });
    expect(data.id).toMatch(/^msg_/);
    if (upstream.passthrough) expect(data.id).toBe(`msg_sim${lastRequest(upstream.provider).sequence}`);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-switchboard-provider')).toBe(upstream.provider);
  });

  it('streams with messages.stream: text events in order and a finalMessage with the usage', async () => {
    const stream = client.messages.stream({
      model: upstream.model,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const pieces: string[] = [];
    stream.on('text', (piece) => pieces.push(piece));
    const final = await stream.finalMessage();
    expect(pieces.join('')).toBe('Sunny and warm.');
    expect(pieces.length).toBeGreaterThan(1);
    expect(textOf(final)).toBe('Sunny and warm.');
    expect(final.stop_reason).toBe('end_turn');
    const sent = lastRequest(upstream.provider);
    expect(sent.stream).toBe(true);
    expect(final.usage.output_tokens).toBe(sent.usageSent!.outputTokens);
    expect(final.usage.input_tokens).toBe(sent.usageSent!.inputTokens);
  });

  it('runs a tool use round trip: tool_use, then the tool_result reaches the model, then the answer', async () => {
    harness.simulator.setBehaviour(upstream.provider, {
      toolCall: { name: 'get_weather', arguments: { city: 'Oslo' } },
      toolCallUntilResult: true,
      text: undefined,
    });
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Oslo?' };
    const first = await client.messages.create({
      model: upstream.model,
      max_tokens: 256,
      tools: [WEATHER_TOOL],
      messages: [question],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' }, id: expect.any(String) });

    // The same call streamed: the arguments arrive as input_json_delta and parse back whole.
    const streamed = await client.messages
      .stream({ model: upstream.model, max_tokens: 256, tools: [WEATHER_TOOL], messages: [question] })
      .finalMessage();
    expect(streamed.content.find((block) => block.type === 'tool_use')).toMatchObject({ input: { city: 'Oslo' } });

    const answer = await client.messages.create({
      model: upstream.model,
      max_tokens: 256,
      tools: [WEATHER_TOOL],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'Rain, 4 degrees' }] },
      ],
    });
    expect(answer.stop_reason).toBe('end_turn');
    // The simulator quotes the tool result it received: proof it arrived in the upstream's format.
    expect(textOf(answer)).toMatch(/^The tool returned: .*Rain, 4 degrees/);
  });

  it('counts tokens for the model without calling it, more for a longer prompt', async () => {
    const before = generationCalls(upstream.provider);
    const short = await client.messages.countTokens({ model: upstream.model, messages: [{ role: 'user', content: 'Hi' }] });
    const long = await client.messages.countTokens({
      model: upstream.model,
      system: 'You are a helpful assistant who answers questions about the weather.',
      messages: [{ role: 'user', content: 'What will the weather be like in Oslo, Bergen and Trondheim tomorrow?' }],
      tools: [WEATHER_TOOL],
    });
    expect(Number.isInteger(short.input_tokens)).toBe(true);
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens);
    const after = generationCalls(upstream.provider);
    expect(after).toBe(before);
  });

  it('lists and retrieves models in Anthropic shape', async () => {
    const page = await client.models.list();
    const listed = page.data.find((model) => model.id === upstream.model);
    expect(listed).toEqual({
      type: 'model',
      id: upstream.model,
      display_name: expect.any(String),
      created_at: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(listed!.created_at))).toBe(false);
    const raw = (await (await client.models.list().asResponse()).json()) as Record<string, unknown>;
    expect(raw).toMatchObject({ has_more: false, first_id: page.data[0]!.id, last_id: page.data.at(-1)!.id });
    const retrieved = await client.models.retrieve(upstream.model);
    expect(retrieved).toEqual(listed);
  });

  it('answers errors in Anthropic shape: 400 names the field, 404 the model, 429 and 402 as the upstream said', async () => {
    const badRequest = await rejection(
      client.messages.create({
        model: upstream.model,
        max_tokens: 64,
        messages: 'not a list' as unknown as Anthropic.MessageParam[],
      }),
    );
    expect(badRequest.status).toBe(400);
    expect(badRequest.type).toBe('invalid_request_error');
    expect(badRequest.apiMessage).toContain('messages');
    expect(badRequest.error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
      request_id: expect.any(String),
    });
    expect(badRequest.requestID).toBe((badRequest.error as { request_id: string }).request_id);

    const unknown = await rejection(
      client.messages.create({ model: 'no-such-model-1', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('not_found_error');
    expect(unknown.apiMessage).toContain('no-such-model-1');
    const unknownModel = await rejection(client.models.retrieve('no-such-model-1'));
    expect(unknownModel.status).toBe(404);

    const rateLimited = await rejection(
      client.messages.create({ model: limited(upstream).model, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(rateLimited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(rateLimited.type).toBe('rate_limit_error');
    expect(Number(rateLimited.headers!.get('retry-after'))).toBeGreaterThan(0);

    const outOfCredit = await rejection(
      client.messages.create({ model: broke(upstream).model, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(outOfCredit.status).toBe(402);
    expect(outOfCredit.type).toBe('billing_error');
    expect(outOfCredit.headers!.get('x-should-retry')).toBe('false');
    // The provider's key never reaches the client, in errors either.
    for (const error of [badRequest, unknown, rateLimited, outOfCredit]) {
      expect(JSON.stringify(error.error)).not.toContain(PROVIDER_SECRET);
    }
  });
});

describe('native passthrough to an Anthropic-format upstream', () => {
  beforeEach(() => {
    harness.simulator.setBehaviour('claude', PLAIN);
  });

  it('sends every request field upstream untouched, with the provider key swapped in and anthropic-beta forwarded', async () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?', cache_control: { type: 'ephemeral' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'They want the weather.', signature: 'c2lnbmF0dXJlLWJ5dGVzLTEyMw==' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'Rain', cache_control: { type: 'ephemeral' } }],
        },
      ],
      tools: [{ ...WEATHER_TOOL, cache_control: { type: 'ephemeral', ttl: '5m' } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'user-42' },
      stop_sequences: ['\n\nHuman:'],
      top_k: 5,
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      future_field_nobody_knows: { kept: true },
    };
    const message = await client.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming, {
      headers: { 'anthropic-beta': 'context-management-2025-06-27,some-future-beta-2031-01-01' },
    });
    expect(textOf(message)).toBe('Sunny and warm.');
    const sent = lastRequest('claude');
    expect(sent.body).toEqual(body);
    expect(sent.headers['x-api-key']).toBe(PROVIDER_SECRET);
    expect(JSON.stringify(sent.headers)).not.toContain('sk-client-key-not-the-provider-one');
    expect(sent.headers['anthropic-beta']).toBe('context-management-2025-06-27,some-future-beta-2031-01-01');
    expect(sent.headers['anthropic-version']).toBeDefined();
    expect(sent.path).toBe('/p/claude/v1/messages');
  });

  it('streams the upstream events back as they came', async () => {
    harness.simulator.setBehaviour('claude', { reasoning: 'Let me think.' });
    const events: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    stream.on('streamEvent', (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(final.content[0]).toEqual({ type: 'thinking', thinking: 'Let me think.', signature: expect.any(String) });
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(final.id).toBe(`msg_sim${lastRequest('claude').sequence}`);

    // Byte for byte (the SDK hides pings): the gateway's stream equals the provider's own answer
    // to the same body, but for the message id the simulator numbers per request.
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
    const viaGateway = await fetch(`${harness.gateway.url}/v1/messages`, { method: 'POST', headers, body });
    const direct = await fetch(`${harness.simulator.url}/p/claude/v1/messages`, {
      method: 'POST',
      headers: { ...headers, 'x-api-key': PROVIDER_SECRET },
      body,
    });
    const numbered = (text: string) => text.replaceAll(/msg_sim\d+/g, 'msg_sim');
    const relayed = await viaGateway.text();
    expect(relayed).toContain('event: ping');
    expect(numbered(relayed)).toBe(numbered(await direct.text()));
  });
});
