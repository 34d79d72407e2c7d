import type { UsageEvent } from '@switchboard/usage';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

const GATEWAY_KEY = 'sk-gateway-side-never-forwarded';

// Every field a Codex-like client may send, so a field the gateway drops or rewrites shows.
const FULL_BODY = {
  model: 'gpt-5-codex',
  instructions: 'You are a coding agent.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files.' }] },
  ],
  tools: [
    {
      type: 'function',
      name: 'shell',
      description: 'Runs a command',
      strict: false,
      parameters: { type: 'object', properties: { command: { type: 'string' } } },
    },
    { type: 'custom', name: 'apply_patch', description: 'Applies a patch', format: { type: 'text' } },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'high', summary: 'auto' },
  text: { verbosity: 'low' },
  max_output_tokens: 4321,
  temperature: 0.3,
  top_p: 0.9,
  truncation: 'auto',
  metadata: { ticket: 'T-1' },
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'codex-session-1',
  safety_identifier: 'user-42',
  store: true,
} as const;

/** The upstream's frames with what differs between two calls (sequence-numbered ids, the clock) evened out. */
function comparable(text: string): string {
  return text.replace(/sim\d+/g, 'simN').replace(/"created_at":\d+/g, '"created_at":0');
}

// OpenAI's own format upstream (`responsesApi`): the client's body goes up untouched but for the
// model and the key, the provider's bytes come back, and usage is read from them.
describe('POST /v1/responses passed through natively to a Responses provider', () => {
  let harness: Harness;
  let client: OpenAI;
  const usageEvents: UsageEvent[] = [];

  beforeAll(async () => {
    harness = await startHarness([
      { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }] },
      {
        id: 'openai',
        format: 'openai',
        responsesApi: true,
        models: [{ id: 'gpt-5-codex', upstream: 'gpt-5-codex-2025-09' }],
        behaviour: { reasoning: 'Thinking about files.', inputTokens: 120, cachedInputTokens: 40 },
      },
    ]);
    harness.gateway.context.usage = { record: (event) => usageEvents.push(event) };
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: GATEWAY_KEY, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.simulator.clearRequests('openai');
    usageEvents.length = 0;
  });

  function lastSent() {
    const sent = harness.simulator.requests('openai').at(-1)!;
    expect(sent.path).toBe('/p/openai/v1/responses');
    return sent;
  }

  it('whole: every field arrives untouched, the key is the provider’s, the provider’s body and resp_ id come back', async () => {
    const { data, response } = await client.responses
      .create(FULL_BODY as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();
    const sent = lastSent();
    expect(sent.body).toEqual({ ...FULL_BODY, model: 'gpt-5-codex-2025-09' });
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
    expect(JSON.stringify(sent.headers)).not.toContain(GATEWAY_KEY);
    // The provider's id, not one the gateway made.
    expect(data.id).toMatch(/^resp_sim\d+$/);
    expect(data.id).not.toContain(response.headers.get('x-request-id')!);
    const reasoning = data.output.find((item) => item.type === 'reasoning')!;
    expect(reasoning.encrypted_content).toBeTruthy();
    expect(data.usage).toMatchObject({ input_tokens: 120, input_tokens_details: { cached_tokens: 40 } });

    expect(usageEvents).toHaveLength(1);
    expect(usageEvents[0]).toMatchObject({
      requestId: response.headers.get('x-request-id'),
      providerId: 'openai',
      upstreamModel: 'gpt-5-codex-2025-09',
      stream: false,
      outcome: 'success',
      inputTokens: 120,
      cachedInputTokens: 40,
      outputTokens: sent.usageSent!.outputTokens,
      reasoningTokens: sent.usageSent!.reasoningTokens,
      estimated: false,
    });
  });

  it('streamed: the client gets the provider’s bytes, usage comes from the native stream', async () => {
    const { data: stream, response } = await client.responses
      .create({ ...(FULL_BODY as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming), stream: true })
      .withResponse();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const sent = lastSent();
    expect(sent.body).toEqual({ ...FULL_BODY, model: 'gpt-5-codex-2025-09', stream: true });
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
    expect(events.at(-1)!.type).toBe('response.completed');
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.response.id).toMatch(/^resp_sim\d+$/);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));

    expect(usageEvents).toHaveLength(1);
    expect(usageEvents[0]).toMatchObject({
      requestId: response.headers.get('x-request-id'),
      stream: true,
      outcome: 'success',
      inputTokens: 120,
      cachedInputTokens: 40,
      outputTokens: sent.usageSent!.outputTokens,
      estimated: false,
    });
  });

  it('streamed: the bytes are exactly those the provider sends', async () => {
    const body = { ...FULL_BODY, stream: true };
    const throughGateway = await (await harness.post('/v1/responses', body)).text();
    const upstreamUrl = `${harness.simulator.url}/p/openai/v1/responses`;
    const direct = await fetch(upstreamUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_SECRET}` },
      body: JSON.stringify({ ...body, model: 'gpt-5-codex-2025-09' }),
    });
    expect(comparable(throughGateway)).toBe(comparable(await direct.text()));
  });

  it('a chained turn to the same provider passes previous_response_id through untouched', async () => {
    const first = await client.responses.create({ model: 'gpt-5-codex', input: 'My name is Ada.' });
    const second = await client.responses.create({
      model: 'gpt-5-codex',
      input: 'What is my name?',
      previous_response_id: first.id,
    });
    expect(second.status).toBe('completed');
    const sent = lastSent().body as Record<string, unknown>;
    expect(sent.previous_response_id).toBe(first.id);
    // The provider holds the conversation: nothing replayed inline.
    expect(sent.input).toBe('What is my name?');

    const streamed = client.responses.stream({ model: 'gpt-5-codex', input: 'And again?', previous_response_id: second.id });
    const final = await streamed.finalResponse();
    expect(final.status).toBe('completed');
    expect((lastSent().body as Record<string, unknown>).previous_response_id).toBe(second.id);
  });

  it('keeps a native response under the provider’s id: retrieve, input_items and delete through the gateway', async () => {
    const answer = await client.responses.create({ model: 'gpt-5-codex', input: 'Remember pelican.' });
    expect(answer.id).toMatch(/^resp_sim\d+$/);
    await harness.gateway.context.storedResponses.settle();
    expect((await client.responses.retrieve(answer.id)).output_text).toBe(answer.output_text);
    const items = await client.responses.inputItems.list(answer.id);
    expect(JSON.stringify(items.data)).toContain('Remember pelican.');
    await client.responses.delete(answer.id);
    expect(await client.responses.retrieve(answer.id).catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('chaining a translated answer to the native provider replays it inline: the provider never saw that id', async () => {
    const first = await client.responses.create({ model: 'deepseek-v4-flash', input: 'My name is Ada.' });
    expect(first.id).toMatch(/^resp_req_/);
    const second = await client.responses.create({
      model: 'gpt-5-codex',
      input: 'What is my name?',
      previous_response_id: first.id,
    });
    expect(second.status).toBe('completed');
    const sent = lastSent().body as Record<string, unknown>;
    expect(sent).not.toHaveProperty('previous_response_id');
    expect(JSON.stringify(sent.input)).toContain('My name is Ada.');
    expect(JSON.stringify(sent.input)).toContain(first.output_text);
    expect(JSON.stringify(sent.input)).toContain('What is my name?');
  });

  it('a native stream cut midway is one usage event, interrupted, with the failure the client saw', async () => {
    harness.simulator.setBehaviour('openai', { cutAfterChunks: 2 });
    try {
      const { data: stream, response } = await client.responses
        .create({ model: 'gpt-5-codex', input: 'Tell a story', stream: true })
        .withResponse();
      const types: string[] = [];
      let id = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.created') id = event.response.id;
      }
      expect(types.at(-1)).toBe('response.failed');
      // The event is recorded once the gateway has closed the response, not before the client's last read.
      await vi.waitFor(() => expect(usageEvents).toHaveLength(1), { timeout: 10_000 });
      expect(usageEvents[0]).toMatchObject({
        requestId: response.headers.get('x-request-id'),
        outcome: 'stream_interrupted',
        errorCode: 'upstream_stream_cut',
      });
      // Nothing stored for a failed turn.
      await harness.gateway.context.storedResponses.settle();
      expect(id).toMatch(/^resp_sim\d+$/);
      expect(await client.responses.retrieve(id).catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.NotFoundError);
    } finally {
      harness.simulator.setBehaviour('openai', { cutAfterChunks: null });
    }
  });
});
