import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { readSseEvents } from '../testing/read-sse-events';
import { sendJson } from '../testing/send-json';

let simulator: Simulator;
let messagesUrl: string;
const headers = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
// 9 (system) + 12 (text block) + 4 (tool result) characters; the system prompt counts as a fourth
// message: ceil(25 / 4) + 3 * 4 = 19 input tokens.
const request = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  system: 'You help.',
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather now?' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Rain' }] },
  ] as unknown[],
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  const { baseUrl } = simulator.addProvider('claude', 'anthropic', { chunkCount: 2, text: 'Sunny.' });
  expect(baseUrl).toBe(`${simulator.url}/p/claude`);
  messagesUrl = `${baseUrl}/v1/messages`;
});

const usage = (input: number, output: number, cacheRead = 0) => ({
  input_tokens: input,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: cacheRead,
  output_tokens: output,
  service_tier: 'standard',
});

describe('anthropic format', () => {
  it('answers a whole message exactly as the Messages API shapes it', async () => {
    const response = await sendJson(messagesUrl, request, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_sim/);
    expect(response.json).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Sunny.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: usage(19, 2),
    });
    expect(simulator.requests('claude')[0]!.usageSent).toEqual({
      inputTokens: 19,
      outputTokens: 2,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('streams the documented event sequence', async () => {
    const response = await sendJson(messagesUrl, { ...request, stream: true }, headers);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = readSseEvents(response.text);
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const data = events.map((event) => JSON.parse(event.data));
    for (const [index, event] of events.entries()) expect(data[index].type).toBe(event.event);
    expect(data[0]).toEqual({
      type: 'message_start',
      message: {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usage(19, 1),
      },
    });
    expect(data[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(data.slice(3, 5)).toEqual([
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Sun' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ny.' } },
    ]);
    expect(data[5]).toEqual({ type: 'content_block_stop', index: 0 });
    expect(data[6]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: usage(19, 2),
    });
    expect(data[7]).toEqual({ type: 'message_stop' });
    expect(simulator.requests('claude')[0]).toMatchObject({
      stream: true,
      chunksSent: 2,
      outcome: 'completed',
      usageSent: { outputTokens: 2 },
    });
  });

  it('puts thinking first, closed by a signature, and counts it in output tokens', async () => {
    simulator.setBehaviour('claude', { reasoning: 'Check sky.' });
    const whole = await sendJson(messagesUrl, request, headers);
    expect(whole.json).toMatchObject({
      content: [
        { type: 'thinking', thinking: 'Check sky.', signature: expect.any(String) },
        { type: 'text', text: 'Sunny.' },
      ],
      usage: { output_tokens: 4 },
    });
    const streamed = await sendJson(messagesUrl, { ...request, stream: true }, headers);
    const data = readSseEvents(streamed.text).map((event) => JSON.parse(event.data));
    expect(data.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(data[1].content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(data.slice(3, 6).map((event) => event.delta.type)).toEqual(['thinking_delta', 'thinking_delta', 'signature_delta']);
    expect(data[7]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } });
    expect(simulator.requests('claude')[1]!.usageSent).toEqual({
      inputTokens: 19,
      outputTokens: 4,
      cachedInputTokens: 0,
      reasoningTokens: 2,
    });
  });

  it('answers a tool call as a tool_use block fed by input_json_delta', async () => {
    const toolCall = { name: 'get_weather', arguments: { city: 'Oslo' } };
    simulator.setBehaviour('claude', { toolCall, chunkCount: 3 });
    const whole = await sendJson(messagesUrl, request, headers);
    expect(whole.json).toMatchObject({
      content: [{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { city: 'Oslo' } }],
      stop_reason: 'tool_use',
    });
    const streamed = await sendJson(messagesUrl, { ...request, stream: true }, headers);
    const data = readSseEvents(streamed.text).map((event) => JSON.parse(event.data));
    expect(data[1].content_block).toEqual({
      type: 'tool_use',
      id: expect.stringMatching(/^toolu_/),
      name: 'get_weather',
      input: {},
    });
    const deltas = data.filter((event) => event.type === 'content_block_delta').map((event) => event.delta);
    expect(deltas.every((delta) => delta.type === 'input_json_delta')).toBe(true);
    expect(deltas).toHaveLength(3);
    expect(JSON.parse(deltas.map((delta) => delta.partial_json).join(''))).toEqual(toolCall.arguments);
    expect(data.find((event) => event.type === 'message_delta').delta.stop_reason).toBe('tool_use');
  });

  it('reports cache reads beside input_tokens, which excludes them', async () => {
    simulator.setBehaviour('claude', { inputTokens: 500, cachedInputTokens: 200 });
    const response = await sendJson(messagesUrl, request, headers);
    expect((response.json as { usage: unknown }).usage).toEqual(usage(300, 2, 200));
    expect(simulator.requests('claude')[0]!.usageSent).toEqual({
      inputTokens: 500,
      outputTokens: 2,
      cachedInputTokens: 200,
      reasoningTokens: 0,
    });
  });

  it('refuses in the Anthropic error shape: missing key, wrong key, missing version, missing max_tokens', async () => {
    simulator.setBehaviour('claude', { expectedKey: 'sk-ant-test' });
    const noKey = await sendJson(messagesUrl, request, { 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
      request_id: expect.stringMatching(/^req_/),
    });
    const wrongKey = await sendJson(messagesUrl, request, { ...headers, 'x-api-key': 'sk-ant-other' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json).toMatchObject({ error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noVersion = await sendJson(messagesUrl, request, { 'x-api-key': 'sk-ant-test' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.json).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    const { max_tokens: _, ...withoutMaxTokens } = request;
    const noMaxTokens = await sendJson(messagesUrl, withoutMaxTokens, headers);
    expect(noMaxTokens.status).toBe(400);
    expect(noMaxTokens.json).toMatchObject({ error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('sends injected 529s as overloaded_error with Retry-After', async () => {
    simulator.setBehaviour('claude', { errorStatus: 529, retryAfterSeconds: 3 });
    const response = await sendJson(messagesUrl, { ...request, stream: true }, headers);
    expect(response.status).toBe(529);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.json).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: expect.any(String),
    });
    expect(simulator.requests('claude')[0]).toMatchObject({ status: 529, outcome: 'error', stream: true, usageSent: null });
  });
});

describe('anthropic format: a tool-using conversation (toolCallUntilResult)', () => {
  const toolCall = { name: 'Read', arguments: { file_path: '/tmp/note.txt' } };
  const firstTurn = { ...request, messages: [{ role: 'user', content: 'What does note.txt say?' }] };

  it('calls the tool until the conversation holds a tool_result, then answers text quoting it', async () => {
    simulator.setBehaviour('claude', { toolCall, toolCallUntilResult: true, chunkCount: 3, text: undefined });
    const first = await sendJson(messagesUrl, firstTurn, headers);
    expect(first.json).toMatchObject({ content: [{ type: 'tool_use', name: 'Read' }], stop_reason: 'tool_use' });

    // `request` ends with a tool_result whose content is the string 'Rain'; Claude Code also sends text blocks.
    const withBlocks = {
      ...request,
      messages: [
        ...request.messages.slice(0, 2),
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Rain' }] }] },
      ],
    };
    for (const body of [request, withBlocks]) {
      const whole = await sendJson(messagesUrl, body, headers);
      expect(whole.json).toMatchObject({
        content: [{ type: 'text', text: 'The tool returned: Rain' }],
        stop_reason: 'end_turn',
        usage: { output_tokens: 3 },
      });
    }
    const streamed = await sendJson(messagesUrl, { ...request, stream: true }, headers);
    const data = readSseEvents(streamed.text).map((event) => JSON.parse(event.data));
    const text = data
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => {
        expect(event.delta.type).toBe('text_delta');
        return event.delta.text;
      })
      .join('');
    expect(text).toBe('The tool returned: Rain');
    expect(data.find((event) => event.type === 'message_delta').delta.stop_reason).toBe('end_turn');
  });
});
