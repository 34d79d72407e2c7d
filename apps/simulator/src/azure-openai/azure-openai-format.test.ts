import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { readSseEvents } from '../testing/read-sse-events';
import { sendJson } from '../testing/send-json';

let simulator: Simulator;
let baseUrl: string;
const headers = { 'api-key': 'azure-key' };
const messages = [{ role: 'user', content: 'Hi' }];
const deployment = (endpoint: string, query = '?api-version=2024-10-21') =>
  `${baseUrl}/openai/deployments/gpt-4o-prod/${endpoint}${query}`;
const filterResults = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  baseUrl = simulator.addProvider('azure', 'azure-openai', { chunkCount: 2 }).baseUrl;
});

describe('azure-openai format', () => {
  it('answers OpenAI bodies for the deployment, with content-filter annotations', async () => {
    expect(baseUrl).toBe(`${simulator.url}/p/azure`);
    const response = await sendJson(deployment('chat/completions'), { messages }, headers);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-prod',
      choices: [
        {
          message: { role: 'assistant', content: 'Hello from azure. Token 2.' },
          finish_reason: 'stop',
          content_filter_results: filterResults,
        },
      ],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: filterResults }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
  });

  it("streams after Azure's prompt-filter chunk, which has empty choices and no id", async () => {
    const body = { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } };
    const response = await sendJson(deployment('chat/completions'), body, headers);
    const events = readSseEvents(response.text);
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks[0]).toEqual({
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: filterResults }],
    });
    expect(chunks[1]).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'gpt-4o',
      choices: [{ delta: { role: 'assistant' } }],
    });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } });
    expect(events.at(-1)!.data).toBe('[DONE]');
  });

  it('embeds for the deployment', async () => {
    const response = await sendJson(deployment('embeddings'), { input: 'abc' }, headers);
    expect(response.json).toMatchObject({
      object: 'list',
      model: 'gpt-4o-prod',
      data: [{ object: 'embedding', index: 0 }],
      usage: { prompt_tokens: 1 },
    });
  });

  it('accepts an Entra bearer token as well as api-key', async () => {
    const response = await sendJson(deployment('chat/completions'), { messages }, { authorization: 'Bearer entra-token' });
    expect(response.status).toBe(200);
  });

  it('requires api-version and a key, answering in the OpenAI error shape with the status as code', async () => {
    const noVersion = await sendJson(deployment('chat/completions', ''), { messages }, headers);
    expect(noVersion.status).toBe(404);
    expect(noVersion.json).toEqual({
      error: { message: expect.stringContaining('api-version'), type: 'invalid_request_error', param: null, code: '404' },
    });
    const noKey = await sendJson(deployment('chat/completions'), { messages });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toMatchObject({ error: { message: expect.stringContaining('Access denied'), code: '401' } });
    simulator.setBehaviour('azure', { errorStatus: 429, retryAfterSeconds: 9 });
    const limited = await sendJson(deployment('chat/completions'), { messages }, headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect(limited.json).toMatchObject({ error: { code: '429', type: 'requests' } });
  });

  it('serves the Responses API at /openai/v1/responses without api-version, the deployment as the model', async () => {
    const whole = await sendJson(`${baseUrl}/openai/v1/responses`, { model: 'gpt-5-prod', input: 'Hi' }, headers);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('apim-request-id')).toMatch(/^req_sim/);
    expect(whole.json).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-5-prod',
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hello from azure. Token 2.' }] }],
    });
    const streamed = await sendJson(
      `${baseUrl}/openai/v1/responses`,
      { model: 'gpt-5-prod', input: 'Hi', stream: true },
      headers,
    );
    const events = readSseEvents(streamed.text).map((event) => JSON.parse(event.data));
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(simulator.requests('azure').map((record) => record.path)).toEqual([
      '/p/azure/openai/v1/responses',
      '/p/azure/openai/v1/responses',
    ]);
  });

  it('serves the older /openai/responses with a preview api-version, 404 without one, and Azure errors', async () => {
    const older = await sendJson(
      `${baseUrl}/openai/responses?api-version=2025-04-01-preview`,
      { model: 'gpt-5-prod', input: 'Hi' },
      headers,
    );
    expect(older.status).toBe(200);
    const unversioned = await sendJson(`${baseUrl}/openai/responses`, { model: 'gpt-5-prod', input: 'Hi' }, headers);
    expect(unversioned.status).toBe(404);
    const noKey = await sendJson(`${baseUrl}/openai/v1/responses`, { model: 'gpt-5-prod', input: 'Hi' });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toMatchObject({ error: { code: '401' } });
  });
});
