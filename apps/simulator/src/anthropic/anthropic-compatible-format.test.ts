import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerAnthropicBaseUrl } from '../provider-anthropic-base-url';
import type { Simulator } from '../simulator';
import { SimulatorClient } from '../simulator-client';
import { startSimulator } from '../start-simulator';
import { readSseEvents } from '../testing/read-sse-events';
import { sendJson } from '../testing/send-json';

// DeepSeek's Anthropic endpoint: an `openai`-format provider also answers the Messages format at
// /p/{id}/anthropic/v1/messages, with the same behaviour knobs and records.
let simulator: Simulator;
let messagesUrl: string;
let chatUrl: string;
const key = { 'x-api-key': 'sk-deepseek-test' };
// 12 characters in one message: ceil(12 / 4) + 3 = 6 input tokens.
const request = {
  model: 'deepseek-v4-pro',
  max_tokens: 1024,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather now?' }] }],
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  const added = simulator.addProvider('deepseek', 'openai', { chunkCount: 2, text: 'Sunny.' });
  expect(added.anthropicBaseUrl).toBe(`${simulator.url}/p/deepseek/anthropic`);
  expect(added.anthropicBaseUrl).toBe(providerAnthropicBaseUrl(simulator.url, 'deepseek'));
  messagesUrl = `${added.anthropicBaseUrl}/v1/messages`;
  chatUrl = `${added.baseUrl}/chat/completions`;
});

const usage = (input: number, output: number, cacheRead = 0) => ({
  input_tokens: input,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: cacheRead,
  output_tokens: output,
  service_tier: 'standard',
});

describe('the Anthropic endpoint of an openai-format provider', () => {
  it('answers a whole message in the Messages shape, without anthropic-version, and records it', async () => {
    const response = await sendJson(messagesUrl, request, key);
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_sim/);
    expect(response.json).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'deepseek-v4-pro',
      content: [{ type: 'text', text: 'Sunny.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: usage(6, 2),
    });
    expect(simulator.requests('deepseek')[0]).toMatchObject({
      path: '/p/deepseek/anthropic/v1/messages',
      headers: { 'x-api-key': 'sk-deepseek-test' },
      body: request,
      status: 200,
      outcome: 'completed',
      usageSent: { inputTokens: 6, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 },
    });
  });

  it('takes the key as a Bearer token too, as Claude Code sends ANTHROPIC_AUTH_TOKEN', async () => {
    simulator.setBehaviour('deepseek', { expectedKey: 'sk-deepseek-test' });
    const response = await sendJson(messagesUrl, request, { authorization: 'Bearer sk-deepseek-test' });
    expect(response.status).toBe(200);
  });

  it('streams reasoning as a thinking block with a signature, then the text, in the documented order', async () => {
    simulator.setBehaviour('deepseek', { reasoning: 'Check sky.', cachedInputTokens: 2 });
    const response = await sendJson(messagesUrl, { ...request, stream: true }, key);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = readSseEvents(response.text);
    const data = events.map((event) => JSON.parse(event.data));
    expect(events.map((event) => event.event)).toEqual([
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
    expect(
      data
        .slice(3, 5)
        .map((event) => event.delta.thinking)
        .join(''),
    ).toBe('Check sky.');
    expect(data[7].content_block).toEqual({ type: 'text', text: '' });
    expect(
      data
        .slice(8, 10)
        .map((event) => event.delta.text)
        .join(''),
    ).toBe('Sunny.');
    expect(data[11]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: usage(4, 4, 2),
    });
    expect(simulator.requests('deepseek')[0]).toMatchObject({
      stream: true,
      outcome: 'completed',
      usageSent: { inputTokens: 6, outputTokens: 4, cachedInputTokens: 2, reasoningTokens: 2 },
    });
  });

  it('answers a tool call as tool_use, whole and streamed', async () => {
    const toolCall = { name: 'Bash', arguments: { command: 'ls' } };
    simulator.setBehaviour('deepseek', { toolCall, chunkCount: 3 });
    const whole = await sendJson(messagesUrl, request, key);
    expect(whole.json).toMatchObject({
      content: [{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'Bash', input: { command: 'ls' } }],
      stop_reason: 'tool_use',
    });
    const streamed = await sendJson(messagesUrl, { ...request, stream: true }, key);
    const data = readSseEvents(streamed.text).map((event) => JSON.parse(event.data));
    expect(data[1].content_block).toMatchObject({ type: 'tool_use', name: 'Bash', input: {} });
    const deltas = data.filter((event) => event.type === 'content_block_delta').map((event) => event.delta);
    expect(deltas.every((delta) => delta.type === 'input_json_delta')).toBe(true);
    expect(JSON.parse(deltas.map((delta) => delta.partial_json).join(''))).toEqual(toolCall.arguments);
    expect(data.find((event) => event.type === 'message_delta').delta.stop_reason).toBe('tool_use');
  });

  it('refuses in the Anthropic error shape: missing key, wrong key, bad body, unknown path', async () => {
    simulator.setBehaviour('deepseek', { expectedKey: 'sk-deepseek-test' });
    const noKey = await sendJson(messagesUrl, request);
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
      request_id: expect.stringMatching(/^req_/),
    });
    const wrongKey = await sendJson(messagesUrl, request, { 'x-api-key': 'sk-other' });
    expect(wrongKey.json).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const { max_tokens: _, ...withoutMaxTokens } = request;
    const noMaxTokens = await sendJson(messagesUrl, withoutMaxTokens, key);
    expect(noMaxTokens.status).toBe(400);
    expect(noMaxTokens.json).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    const unknown = await sendJson(`${simulator.url}/p/deepseek/anthropic/v1/complete`, request, key);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('applies the same fault knobs: injected errors with Retry-After, failFirst, cut streams', async () => {
    simulator.setBehaviour('deepseek', { errorStatus: 429, retryAfterSeconds: 2, failFirst: 1 });
    const limited = await sendJson(messagesUrl, request, key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect((await sendJson(messagesUrl, request, key)).status).toBe(200);

    simulator.setBehaviour('deepseek', { errorStatus: null, cutAfterChunks: 1 });
    await sendJson(messagesUrl, { ...request, stream: true }, key).catch(() => undefined);
    expect(simulator.requests('deepseek').at(-1)).toMatchObject({ stream: true, chunksSent: 1, outcome: 'cut' });
  });

  it('keeps the OpenAI endpoint of the same provider as it was, and is absent from other formats', async () => {
    const chat = await sendJson(
      chatUrl,
      { model: 'deepseek-v4-pro', messages: [{ role: 'user', content: 'Hi' }] },
      {
        authorization: 'Bearer sk-deepseek-test',
      },
    );
    expect(chat.json).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'Sunny.' } }] });
    simulator.addProvider('claude', 'anthropic');
    const onAnthropic = await sendJson(`${simulator.url}/p/claude/anthropic/v1/messages`, request, {
      ...key,
      'anthropic-version': '2023-06-01',
    });
    expect(onAnthropic.status).toBe(404);
    expect(simulator.addProvider('gemini', 'gemini').anthropicBaseUrl).toBeUndefined();
  });

  it('names the Anthropic base URL over the control API', async () => {
    const client = new SimulatorClient(simulator.url);
    expect(await client.addProvider('remote', 'openai')).toEqual({
      id: 'remote',
      baseUrl: `${simulator.url}/p/remote/v1`,
      anthropicBaseUrl: `${simulator.url}/p/remote/anthropic`,
    });
    expect(await client.addProvider('remote-claude', 'anthropic')).toEqual({
      id: 'remote-claude',
      baseUrl: `${simulator.url}/p/remote-claude`,
    });
  });
});
