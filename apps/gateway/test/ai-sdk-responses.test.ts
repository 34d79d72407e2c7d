import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from './gateway-harness';

// The Vercel AI SDK's default OpenAI provider, `openai(id)`, speaks the Responses API: its tool
// loops through the gateway's /v1/responses, translated to a Chat Completions upstream (DeepSeek)
// and to an Anthropic one, and passed through to a provider serving the Responses API itself,
// all played by the simulator.
const FORECAST = 'Sunny, 21 degrees';
const CASES = [
  { provider: 'deepseek', model: 'deepseek-v4-flash', upstreamPath: '/p/deepseek/v1/chat/completions' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', upstreamPath: '/p/anthropic/v1/messages' },
  { provider: 'openai', model: 'gpt-5.5', upstreamPath: '/p/openai/v1/responses' },
] as const;

let harness: Harness;
let openai: ReturnType<typeof createOpenAI>;
/** What the SDK sent to the gateway, in order. */
const sentToGateway: { url: string; body: { input: unknown[]; stream?: boolean } }[] = [];
const calls: { city: string }[] = [];

const weather = tool({
  description: 'The weather forecast for a city.',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    calls.push({ city });
    return `${FORECAST} in ${city}`;
  },
});

beforeAll(async () => {
  const toolBehaviour = { toolCall: { name: 'weather', arguments: { city: 'Lisbon' } }, toolCallUntilResult: true };
  harness = await startHarness([
    { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }], behaviour: toolBehaviour },
    { id: 'anthropic', format: 'anthropic', models: [{ id: 'claude-sonnet-4-5' }], behaviour: toolBehaviour },
    { id: 'openai', format: 'openai', models: [{ id: 'gpt-5.5' }], behaviour: toolBehaviour, responsesApi: true },
  ]);
  openai = createOpenAI({
    baseURL: harness.baseUrl,
    apiKey: 'unused',
    fetch: (input, init) => {
      sentToGateway.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return fetch(input, init);
    },
  });
});
afterAll(() => harness.close());

describe('the AI SDK openai(id) provider through /v1/responses', () => {
  for (const { provider, model, upstreamPath } of CASES) {
    it(`runs a generateText tool loop on ${provider}`, async () => {
      calls.length = 0;
      sentToGateway.length = 0;
      harness.simulator.clearRequests(provider);
      const result = await generateText({
        model: openai(model),
        tools: { weather },
        stopWhen: stepCountIs(4),
        prompt: 'What is the weather in Lisbon?',
      });
      // The SDK ran the tool with the model's arguments, sent its result back, and got the answer.
      expect(calls).toEqual([{ city: 'Lisbon' }]);
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]!.finishReason).toBe('tool-calls');
      expect(result.steps[0]!.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Lisbon' } }]);
      expect(result.finishReason).toBe('stop');
      expect(result.text).toContain(`${FORECAST} in Lisbon`);
      expect(result.totalUsage.outputTokens).toBeGreaterThan(0);
      // The second upstream request carried the tool's output.
      // Both steps went to the Responses endpoint, the second with the call and its output as items.
      expect(sentToGateway.map((sent) => sent.url)).toEqual([`${harness.baseUrl}/responses`, `${harness.baseUrl}/responses`]);
      expect(sentToGateway[1]!.body.input).toContainEqual(
        expect.objectContaining({ type: 'function_call_output', output: `${FORECAST} in Lisbon` }),
      );
      const sent = harness.simulator.requests(provider);
      expect(sent).toHaveLength(2);
      expect(JSON.stringify(sent[1]!.body)).toContain(`${FORECAST} in Lisbon`);
      expect(sent.map((request) => request.path)).toEqual([upstreamPath, upstreamPath]);
    });
  }

  it('runs a streamText tool loop, text streamed after the tool result', async () => {
    calls.length = 0;
    sentToGateway.length = 0;
    harness.simulator.clearRequests('deepseek');
    const result = streamText({
      model: openai('deepseek-v4-flash'),
      tools: { weather },
      stopWhen: stepCountIs(4),
      prompt: 'What is the weather in Lisbon?',
    });
    const kinds: string[] = [];
    let streamed = '';
    for await (const part of result.fullStream) {
      kinds.push(part.type);
      if (part.type === 'text-delta') streamed += part.text;
      if (part.type === 'error') throw part.error;
    }
    expect(calls).toEqual([{ city: 'Lisbon' }]);
    expect(kinds).toContain('tool-call');
    expect(kinds).toContain('tool-result');
    expect(kinds.indexOf('tool-result')).toBeLessThan(kinds.indexOf('text-delta'));
    expect(streamed).toContain(`${FORECAST} in Lisbon`);
    expect(await result.text).toBe(streamed);
    expect(await result.finishReason).toBe('stop');
    expect((await result.steps).length).toBe(2);
    expect(sentToGateway.map((sent) => [sent.url, sent.body.stream])).toEqual([
      [`${harness.baseUrl}/responses`, true],
      [`${harness.baseUrl}/responses`, true],
    ]);
    expect(harness.simulator.requests('deepseek').map((request) => request.stream)).toEqual([true, true]);
  });
});
