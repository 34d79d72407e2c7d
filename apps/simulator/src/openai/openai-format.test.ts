import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { readSseEvents } from '../testing/read-sse-events';
import { sendJson } from '../testing/send-json';

let simulator: Simulator;
let baseUrl: string;
const auth = { authorization: 'Bearer sk-test-1234567890' };
// 11 + 20 characters over 2 messages: ceil(31 / 4) + 3 * 2 = 14 prompt tokens.
const messages = [
  { role: 'system', content: 'Be concise.' },
  { role: 'user', content: [{ type: 'text', text: 'What is two plus two' }] },
];

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  baseUrl = simulator.addProvider('deepseek', 'openai', { chunkCount: 3 }).baseUrl;
});

const usage = (prompt: number, completion: number, reasoning = 0, cached = 0) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: reasoning,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
});

describe('openai format: chat completions', () => {
  it('serves a base URL under /p/{id}/v1', () => {
    expect(baseUrl).toBe(`${simulator.url}/p/deepseek/v1`);
  });

  it('answers a whole chat.completion exactly as OpenAI shapes it', async () => {
    const response = await sendJson(`${baseUrl}/chat/completions`, { model: 'gpt-4o-mini', messages }, auth);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_sim\d+$/);
    expect(response.json).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello from deepseek. Token 2. Token 3.', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usage(14, 3),
      service_tier: 'default',
      system_fingerprint: 'fp_simulator',
    });
    const [record] = simulator.requests('deepseek');
    expect(record).toMatchObject({
      method: 'POST',
      path: '/p/deepseek/v1/chat/completions',
      status: 200,
      outcome: 'completed',
      stream: false,
      usageSent: { inputTokens: 14, outputTokens: 3, cachedInputTokens: 0, reasoningTokens: 0 },
      body: { model: 'gpt-4o-mini', messages },
    });
    expect(record!.headers.authorization).toBe(auth.authorization);
    expect(record!.closedAt).toBeGreaterThanOrEqual(record!.receivedAt);
  });

  it('streams chunks, a finish chunk and [DONE], with no usage unless include_usage is asked for', async () => {
    const response = await sendJson(`${baseUrl}/chat/completions`, { model: 'gpt-4o-mini', messages, stream: true }, auth);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = readSseEvents(response.text);
    expect(events.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.map((chunk) => chunk.choices[0].delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Hello from deepseek.' },
      { content: ' Token 2.' },
      { content: ' Token 3.' },
      {},
    ]);
    expect(chunks.map((chunk) => chunk.choices[0].finish_reason)).toEqual([null, null, null, null, 'stop']);
    for (const chunk of chunks) {
      expect(chunk).toEqual({
        id: chunks[0].id,
        object: 'chat.completion.chunk',
        created: expect.any(Number),
        model: 'gpt-4o-mini',
        service_tier: 'default',
        system_fingerprint: 'fp_simulator',
        choices: [{ index: 0, delta: expect.any(Object), logprobs: null, finish_reason: chunk.choices[0].finish_reason }],
      });
    }
    // Not on the wire, but recorded so billing tests can reconcile against what a full answer reports.
    expect(simulator.requests('deepseek')[0]).toMatchObject({
      stream: true,
      chunksSent: 3,
      usageSent: { inputTokens: 14, outputTokens: 3 },
    });
  });

  it('with include_usage puts "usage": null on every chunk and ends with a usage chunk whose choices are []', async () => {
    const body = { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } };
    const response = await sendJson(`${baseUrl}/chat/completions`, body, auth);
    const events = readSseEvents(response.text);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    const last = chunks.at(-1);
    expect(last).toEqual({
      id: chunks[0].id,
      object: 'chat.completion.chunk',
      created: expect.any(Number),
      model: 'gpt-4o-mini',
      service_tier: 'default',
      system_fingerprint: 'fp_simulator',
      choices: [],
      usage: usage(14, 3),
    });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
  });

  it("carries DeepSeek's reasoning_content, whole and streamed, counted as reasoning tokens", async () => {
    simulator.setBehaviour('deepseek', { reasoning: 'abcdef', text: 'Four.', chunkCount: 2 });
    const whole = await sendJson(`${baseUrl}/chat/completions`, { model: 'deepseek-reasoner', messages }, auth);
    expect(whole.json).toMatchObject({
      choices: [{ message: { role: 'assistant', content: 'Four.', reasoning_content: 'abcdef' }, finish_reason: 'stop' }],
      usage: { ...usage(14, 4, 2), prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 14 },
    });

    const streamed = await sendJson(
      `${baseUrl}/chat/completions`,
      { model: 'deepseek-reasoner', messages, stream: true, stream_options: { include_usage: true } },
      auth,
    );
    const chunks = readSseEvents(streamed.text)
      .slice(0, -1)
      .map((event) => JSON.parse(event.data));
    expect(chunks.slice(0, 5).map((chunk) => chunk.choices[0].delta)).toEqual([
      { role: 'assistant', content: null, reasoning_content: '' },
      { content: null, reasoning_content: 'abc' },
      { content: null, reasoning_content: 'def' },
      { content: 'Fou', reasoning_content: null },
      { content: 'r.', reasoning_content: null },
    ]);
    expect(chunks.at(-1).usage.completion_tokens_details.reasoning_tokens).toBe(2);
    expect(simulator.requests('deepseek')[1]).toMatchObject({
      chunksSent: 4,
      usageSent: { inputTokens: 14, outputTokens: 4, reasoningTokens: 2, cachedInputTokens: 0 },
    });
  });

  it('answers a tool call, whole and streamed in argument pieces', async () => {
    const toolCall = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };
    simulator.setBehaviour('deepseek', { toolCall });
    const whole = await sendJson(`${baseUrl}/chat/completions`, { model: 'gpt-4o', messages }, auth);
    expect(whole.json).toMatchObject({
      choices: [
        {
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: expect.stringMatching(/^call_/),
                type: 'function',
                function: { name: 'get_weather', arguments: JSON.stringify(toolCall.arguments) },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });

    const streamed = await sendJson(`${baseUrl}/chat/completions`, { model: 'gpt-4o', messages, stream: true }, auth);
    const deltas = readSseEvents(streamed.text)
      .slice(0, -1)
      .map((event) => JSON.parse(event.data).choices[0]);
    expect(deltas[0].delta).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '' } },
      ],
      refusal: null,
    });
    const argumentText = deltas
      .slice(1, -1)
      .map((choice) => choice.delta.tool_calls[0].function.arguments)
      .join('');
    expect(JSON.parse(argumentText)).toEqual(toolCall.arguments);
    expect(deltas.slice(1, -1)).toHaveLength(3);
    expect(deltas.at(-1).finish_reason).toBe('tool_calls');
  });

  it('reports the inputTokens and cachedInputTokens overrides', async () => {
    simulator.setBehaviour('deepseek', { inputTokens: 1000, cachedInputTokens: 600 });
    const response = await sendJson(`${baseUrl}/chat/completions`, { model: 'deepseek-chat', messages }, auth);
    expect((response.json as { usage: unknown }).usage).toEqual({
      ...usage(1000, 3, 0, 600),
      prompt_cache_hit_tokens: 600,
      prompt_cache_miss_tokens: 400,
    });
    expect(simulator.requests('deepseek')[0]!.usageSent).toEqual({
      inputTokens: 1000,
      outputTokens: 3,
      cachedInputTokens: 600,
      reasoningTokens: 0,
    });
  });
});

describe('openai format: embeddings and models', () => {
  it('returns deterministic unit vectors as floats', async () => {
    const body = { model: 'text-embedding-3-small', input: ['hello world', 'other'], encoding_format: 'float' };
    const first = await sendJson(`${baseUrl}/embeddings`, body, auth);
    const second = await sendJson(`${baseUrl}/embeddings`, body, auth);
    const json = first.json as { data: { object: string; index: number; embedding: number[] }[] };
    expect(first.json).toMatchObject({
      object: 'list',
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    expect(json.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual([
      ['embedding', 0, 8],
      ['embedding', 1, 8],
    ]);
    const norm = Math.hypot(...json.data[0]!.embedding);
    expect(norm).toBeCloseTo(1, 5);
    expect(json.data[0]!.embedding).not.toEqual(json.data[1]!.embedding);
    expect(second.json).toEqual(first.json);
    expect(simulator.requests('deepseek')[0]!.usageSent).toEqual({
      inputTokens: 4,
      outputTokens: 0,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('honours dimensions and encodes base64 as little-endian float32', async () => {
    const floats = await sendJson(`${baseUrl}/embeddings`, { model: 'm', input: 'x', dimensions: 4 }, auth);
    const base64 = await sendJson(
      `${baseUrl}/embeddings`,
      { model: 'm', input: 'x', dimensions: 4, encoding_format: 'base64' },
      auth,
    );
    const encoded = (base64.json as { data: { embedding: string }[] }).data[0]!.embedding;
    const bytes = Buffer.from(encoded, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    expect(decoded).toEqual((floats.json as { data: { embedding: number[] }[] }).data[0]!.embedding);
    expect(decoded).toHaveLength(4);
  });

  it('lists models', async () => {
    const response = await sendJson(`${baseUrl}/models`, undefined, auth);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([expect.objectContaining({ id: 'gpt-4o', object: 'model' })]),
    });
  });
});

describe('openai format: refusals', () => {
  it('answers 401 in the OpenAI shape without a key, and with a key other than expectedKey', async () => {
    const missing = await sendJson(`${baseUrl}/chat/completions`, { model: 'm', messages });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: {
        message: expect.stringContaining("didn't provide an API key"),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });

    simulator.setBehaviour('deepseek', { expectedKey: 'sk-right' });
    const wrong = await sendJson(
      `${baseUrl}/chat/completions`,
      { model: 'm', messages },
      { authorization: 'Bearer sk-wrong-key-123' },
    );
    expect(wrong.status).toBe(401);
    expect((wrong.json as { error: { message: string } }).error.message).not.toContain('sk-wrong-key-123');
    const right = await sendJson(`${baseUrl}/chat/completions`, { model: 'm', messages }, { authorization: 'Bearer sk-right' });
    expect(right.status).toBe(200);
    expect(simulator.requests('deepseek').map((record) => [record.status, record.outcome])).toEqual([
      [401, 'error'],
      [401, 'error'],
      [200, 'completed'],
    ]);
  });

  it('answers 400 for a bad body and 404 for unknown paths and providers', async () => {
    const noMessages = await sendJson(`${baseUrl}/chat/completions`, { model: 'm' }, auth);
    expect(noMessages.status).toBe(400);
    expect(noMessages.json).toEqual({
      error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: null, code: null },
    });

    const streamOptions = await sendJson(
      `${baseUrl}/chat/completions`,
      { model: 'm', messages, stream_options: { include_usage: true } },
      auth,
    );
    expect(streamOptions.status).toBe(400);

    const notJson = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: auth, body: '{not json' });
    expect(notJson.status).toBe(400);
    expect(simulator.requests('deepseek').at(-1)!.body).toBe('{not json');

    const unknownPath = await sendJson(`${baseUrl}/edits`, { model: 'm', input: 'x' }, auth);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.json).toMatchObject({
      error: { message: 'Invalid URL (POST /v1/edits)', type: 'invalid_request_error' },
    });

    const unknownProvider = await sendJson(`${simulator.url}/p/nobody/v1/chat/completions`, { model: 'm', messages }, auth);
    expect(unknownProvider.status).toBe(404);
    expect(unknownProvider.json).toMatchObject({ error: { message: expect.stringContaining('nobody') } });
  });
});

describe('openai format: a tool-using conversation (toolCallUntilResult)', () => {
  const toolCall = { name: 'read_file', arguments: { path: 'note.txt' } };
  const afterTool = [
    ...messages,
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"note.txt"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'pelican' },
  ];

  it('calls the tool until the conversation holds its result, then answers text quoting it', async () => {
    simulator.setBehaviour('deepseek', { toolCall, toolCallUntilResult: true, chunkCount: 2 });
    const first = await sendJson(`${baseUrl}/chat/completions`, { model: 'deepseek-v4-flash', messages }, auth);
    expect(first.json).toMatchObject({
      choices: [{ message: { content: null, tool_calls: [{ function: { name: 'read_file' } }] }, finish_reason: 'tool_calls' }],
    });
    const second = await sendJson(`${baseUrl}/chat/completions`, { model: 'deepseek-v4-flash', messages: afterTool }, auth);
    const choice = (second.json as { choices: { message: Record<string, unknown>; finish_reason: string }[] }).choices[0]!;
    expect(choice.message.content).toBe('The tool returned: pelican');
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.finish_reason).toBe('stop');
    expect((second.json as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(2);

    const streamed = await sendJson(
      `${baseUrl}/chat/completions`,
      { model: 'deepseek-v4-flash', messages: afterTool, stream: true },
      auth,
    );
    const chunks = readSseEvents(streamed.text)
      .filter((event) => event.data !== '[DONE]')
      .map((event) => JSON.parse(event.data));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('The tool returned: pelican');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
  });

  it('answers its own text after the result when text is set, and keeps calling without the mode', async () => {
    simulator.setBehaviour('deepseek', { toolCall, toolCallUntilResult: true, text: 'Done.' });
    const answered = await sendJson(`${baseUrl}/chat/completions`, { model: 'gpt-4o', messages: afterTool }, auth);
    expect(answered.json).toMatchObject({ choices: [{ message: { content: 'Done.' }, finish_reason: 'stop' }] });
    simulator.setBehaviour('deepseek', { toolCallUntilResult: undefined });
    const again = await sendJson(`${baseUrl}/chat/completions`, { model: 'gpt-4o', messages: afterTool }, auth);
    expect(again.json).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }] });
  });
});
