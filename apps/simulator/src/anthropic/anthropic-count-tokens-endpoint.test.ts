import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { sendJson } from '../testing/send-json';

let simulator: Simulator;
let countUrl: string;
const headers = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'token-counting-2024-11-01' };
// 9 (system) + 12 (text) characters, the system prompt as a second message: ceil(21 / 4) + 3 * 2 = 12.
const request = {
  model: 'claude-sonnet-4-5',
  system: 'You help.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather now?' }] }],
  tools: [{ name: 'weather', input_schema: { type: 'object' } }],
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  countUrl = `${simulator.addProvider('claude', 'anthropic', { expectedKey: 'sk-ant-test' }).baseUrl}/v1/messages/count_tokens`;
});

describe('anthropic count_tokens', () => {
  it('answers input_tokens alone, counted as the messages endpoint counts usage', async () => {
    const response = await sendJson(countUrl, request, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_sim/);
    expect(response.json).toEqual({ input_tokens: 12 });

    const messages = await sendJson(countUrl.replace('/count_tokens', ''), { ...request, max_tokens: 10 }, headers);
    expect((messages.json as { usage: { input_tokens: number } }).usage.input_tokens).toBe(12);
  });

  it('records the request as it arrived, with nothing billable sent', async () => {
    await sendJson(countUrl, request, headers);
    const [recorded] = simulator.requests('claude');
    expect(recorded!.path).toBe('/p/claude/v1/messages/count_tokens');
    expect(recorded!.body).toEqual(request);
    expect(recorded!.headers['anthropic-beta']).toBe('token-counting-2024-11-01');
    expect(recorded!.usageSent).toBeNull();
    expect(recorded!.outcome).toBe('completed');
  });

  it('takes the behaviour input count when one is set', async () => {
    simulator.setBehaviour('claude', { inputTokens: 4321 });
    expect((await sendJson(countUrl, request, headers)).json).toEqual({ input_tokens: 4321 });
  });

  it('refuses fields the real counter does not permit, and a missing model or messages', async () => {
    const maxTokens = await sendJson(countUrl, { ...request, max_tokens: 1024 }, headers);
    expect(maxTokens.status).toBe(400);
    expect(maxTokens.json).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Extra inputs are not permitted' },
    });
    expect((await sendJson(countUrl, { ...request, stream: true }, headers)).status).toBe(400);
    expect((await sendJson(countUrl, { messages: request.messages }, headers)).json).toMatchObject({
      error: { message: 'model: Field required' },
    });
    expect((await sendJson(countUrl, { model: 'claude-sonnet-4-5' }, headers)).json).toMatchObject({
      error: { message: 'messages: Field required' },
    });
  });

  it('refuses a wrong key and a missing version like the messages endpoint', async () => {
    const wrongKey = await sendJson(countUrl, request, { ...headers, 'x-api-key': 'sk-ant-other' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json).toMatchObject({ error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noVersion = await sendJson(countUrl, request, { 'x-api-key': 'sk-ant-test' });
    expect(noVersion.status).toBe(400);
  });

  it('injects the configured error in Anthropic shape', async () => {
    simulator.setBehaviour('claude', { errorStatus: 529, retryAfterSeconds: 2 });
    const response = await sendJson(countUrl, request, headers);
    expect(response.status).toBe(529);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.json).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });
});
