import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from './simulator';
import { startSimulator } from './start-simulator';
import { readSseEvents } from './testing/read-sse-events';
import { readUntilClosed } from './testing/read-until-closed';
import { sendJson } from './testing/send-json';
import { waitFor } from './testing/wait-for';

let simulator: Simulator;
let openAIUrl: string;
let anthropicUrl: string;
let geminiUrl: string;
const auth = { authorization: 'Bearer sk-test' };
const anthropicHeaders = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const chat = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
const anthropicBody = { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], stream: true };
const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  openAIUrl = `${simulator.addProvider('openai', 'openai').baseUrl}/chat/completions`;
  anthropicUrl = `${simulator.addProvider('anthropic', 'anthropic').baseUrl}/v1/messages`;
  geminiUrl = `${simulator.addProvider('gemini', 'gemini').baseUrl}/models/gemini-2.5-pro:streamGenerateContent?alt=sse`;
});

function post(url: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

describe('failFirst', () => {
  it('fails only the first N requests after the fault is set, then succeeds', async () => {
    simulator.setBehaviour('openai', { errorStatus: 500, failFirst: 2 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await sendJson(openAIUrl, chat, auth)).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    // Setting the fault again starts a new count.
    simulator.setBehaviour('openai', { failFirst: 1 });
    expect((await sendJson(openAIUrl, chat, auth)).status).toBe(500);
    expect((await sendJson(openAIUrl, chat, auth)).status).toBe(200);
  });

  it('fails every request when failFirst is 0, until the error is cleared', async () => {
    simulator.setBehaviour('openai', { errorStatus: 503, errorMessage: 'down for maintenance' });
    const failed = await sendJson(openAIUrl, chat, auth);
    expect(failed.status).toBe(503);
    expect(failed.json).toEqual({ error: { message: 'down for maintenance', type: 'server_error', param: null, code: null } });
    expect(failed.headers.get('retry-after')).toBeNull();
    expect((await sendJson(openAIUrl, chat, auth)).status).toBe(503);
    simulator.setBehaviour('openai', { errorStatus: null });
    expect((await sendJson(openAIUrl, chat, auth)).status).toBe(200);
  });
});

describe('hang', () => {
  it('never answers; a client that gives up is recorded as client_closed with closedAt', async () => {
    simulator.setBehaviour('openai', { hang: true });
    const controller = new AbortController();
    const pending = post(openAIUrl, chat, auth, controller.signal).catch((error: unknown) => error);
    const hung = await waitFor(() => simulator.requests('openai').find((record) => record.outcome === 'hung'));
    expect(hung.status).toBe(0);
    expect(hung.closedAt).toBeUndefined();
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    const closed = await waitFor(() => simulator.requests('openai').find((record) => record.outcome === 'client_closed'));
    expect(closed.sequence).toBe(hung.sequence);
    expect(closed.closedAt).toBeGreaterThanOrEqual(closed.receivedAt);
  });

  it('stays recorded as hung when the simulator closes first, and close() does not wait for the client', async () => {
    const own = await startSimulator();
    const { baseUrl } = own.addProvider('stuck', 'anthropic', { hang: true });
    const pending = post(`${baseUrl}/v1/messages`, anthropicBody, anthropicHeaders).catch((error: unknown) => error);
    await waitFor(() => own.requests('stuck')[0]);
    await own.close();
    expect(await pending).toBeInstanceOf(Error);
    const [record] = own.requests('stuck');
    expect(record).toMatchObject({ outcome: 'hung', status: 0 });
    expect(record!.closedAt).toBeDefined();
  });
});

describe('client going away mid-stream', () => {
  it('is recorded as client_closed with the chunks sent so far and no usage', async () => {
    simulator.setBehaviour('openai', { chunkCount: 50, chunkGapMs: 20 });
    const controller = new AbortController();
    const response = await post(
      openAIUrl,
      { ...chat, stream: true, stream_options: { include_usage: true } },
      auth,
      controller.signal,
    );
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const record = await waitFor(() => simulator.requests('openai').find((entry) => entry.outcome === 'client_closed'));
    expect(record.status).toBe(200);
    expect(record.chunksSent).toBeGreaterThan(0);
    expect(record.chunksSent).toBeLessThan(50);
    expect(record.usageSent).toBeNull();
    expect(record.closedAt).toBeDefined();
  });
});

describe('cutAfterChunks', () => {
  it('destroys an OpenAI stream after exactly N content chunks, before finish and usage', async () => {
    simulator.setBehaviour('openai', { chunkCount: 5, cutAfterChunks: 2 });
    const response = await post(openAIUrl, { ...chat, stream: true, stream_options: { include_usage: true } }, auth);
    expect(response.status).toBe(200);
    const { text, error } = await readUntilClosed(response);
    expect(error).toBeInstanceOf(Error);
    const deltas = readSseEvents(text).map((event) => JSON.parse(event.data).choices[0].delta);
    expect(deltas).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Hello from openai.' },
      { content: ' Token 2.' },
    ]);
    expect(simulator.requests('openai')[0]).toMatchObject({ outcome: 'cut', chunksSent: 2, usageSent: null, status: 200 });
  });

  it('cuts an Anthropic stream with gaps between chunks; message_delta never arrives', async () => {
    simulator.setBehaviour('anthropic', { chunkCount: 4, chunkGapMs: 5, cutAfterChunks: 3 });
    const response = await post(anthropicUrl, anthropicBody, anthropicHeaders);
    const { text, error } = await readUntilClosed(response);
    expect(error).toBeInstanceOf(Error);
    const types = readSseEvents(text).map((event) => event.event);
    expect(types.filter((type) => type === 'content_block_delta')).toHaveLength(3);
    expect(types).not.toContain('message_delta');
    expect(simulator.requests('anthropic')[0]).toMatchObject({ outcome: 'cut', chunksSent: 3, usageSent: null });
  });

  it('cuts before any content with 0: the client gets the status line and nothing else', async () => {
    simulator.setBehaviour('gemini', { cutAfterChunks: 0 });
    const response = await post(geminiUrl, geminiBody, { 'x-goog-api-key': 'k' });
    expect(response.status).toBe(200);
    const { text, error } = await readUntilClosed(response);
    expect(text).toBe('');
    expect(error).toBeInstanceOf(Error);
    expect(simulator.requests('gemini')[0]).toMatchObject({ outcome: 'cut', chunksSent: 0 });
  });
});

describe('timing', () => {
  it('delays whole answers by latencyMs', async () => {
    simulator.setBehaviour('openai', { latencyMs: 80 });
    const started = performance.now();
    const response = await sendJson(openAIUrl, chat, auth);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('sends the first chunk after ttftMs and spaces content chunks by chunkGapMs', async () => {
    simulator.setBehaviour('gemini', { ttftMs: 60, chunkGapMs: 30, chunkCount: 3 });
    const started = performance.now();
    const response = await post(geminiUrl, geminiBody, { 'x-goog-api-key': 'k' });
    const headersAt = performance.now() - started;
    const { text } = await readUntilClosed(response);
    const doneAt = performance.now() - started;
    expect(headersAt).toBeGreaterThanOrEqual(55);
    expect(doneAt).toBeGreaterThanOrEqual(55 + 2 * 28);
    expect(readSseEvents(text)).toHaveLength(4);
    expect(simulator.requests('gemini')[0]).toMatchObject({ outcome: 'completed', chunksSent: 3 });
  });
});
