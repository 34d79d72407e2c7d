import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from './gateway-harness';

// The OpenAI Agents SDK (on the Responses API, its default) runs an agent with a function tool
// through the gateway's /v1/responses: translated to a Chat Completions upstream (DeepSeek), and
// passed through to a provider serving the Responses API itself, both played by the simulator.
// Tracing would export every run to OpenAI: off.
const STOCK = '42 crates in Porto';
const INSTRUCTIONS = 'Answer questions about stock with the stock_level tool.';
const CASES = [
  { provider: 'deepseek', model: 'deepseek-v4-flash', upstreamPath: '/p/deepseek/v1/chat/completions' },
  { provider: 'openai', model: 'gpt-5.5', upstreamPath: '/p/openai/v1/responses' },
] as const;

let harness: Harness;
/** What the SDK's client sent to the gateway, in order. */
const sentToGateway: { url: string; body: { input: unknown[]; stream?: boolean } }[] = [];
const calls: { warehouse: string }[] = [];

const stockLevel = tool({
  name: 'stock_level',
  description: 'How many crates a warehouse holds.',
  parameters: z.object({ warehouse: z.string() }),
  execute: async ({ warehouse }) => {
    calls.push({ warehouse });
    return STOCK;
  },
});

beforeAll(async () => {
  setTracingDisabled(true);
  const behaviour = { toolCall: { name: 'stock_level', arguments: { warehouse: 'Porto' } }, toolCallUntilResult: true };
  harness = await startHarness([
    { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }], behaviour },
    { id: 'openai', format: 'openai', models: [{ id: 'gpt-5.5' }], behaviour, responsesApi: true },
  ]);
  // As the README shows: the SDK's default client pointed at the gateway, the model by name.
  setDefaultOpenAIClient(
    new OpenAI({
      baseURL: harness.baseUrl,
      apiKey: 'unused',
      maxRetries: 0,
      fetch: (input, init) => {
        sentToGateway.push({ url: String(input), body: JSON.parse(String(init?.body)) });
        return fetch(input, init);
      },
    }),
  );
});
afterAll(() => harness.close());

describe('the OpenAI Agents SDK through /v1/responses', () => {
  for (const { provider, model, upstreamPath } of CASES) {
    for (const stream of [false, true]) {
      it(`runs an agent with a function tool on ${provider}${stream ? ', streamed' : ''}`, async () => {
        calls.length = 0;
        sentToGateway.length = 0;
        harness.simulator.clearRequests(provider);
        const agent = new Agent({ name: 'Stock clerk', instructions: INSTRUCTIONS, model, tools: [stockLevel] });
        const question = 'How many crates are in Porto?';
        let finalOutput: unknown;
        if (stream) {
          const result = await run(agent, question, { stream: true });
          let streamed = '';
          for await (const event of result) {
            if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') streamed += event.data.delta;
          }
          await result.completed;
          expect(streamed).toContain(STOCK);
          finalOutput = result.finalOutput;
        } else {
          finalOutput = (await run(agent, question)).finalOutput;
        }
        // The SDK ran the tool with the model's arguments, sent its output back, and got the answer.
        expect(calls).toEqual([{ warehouse: 'Porto' }]);
        expect(finalOutput).toContain(STOCK);

        expect(sentToGateway.map((sent) => sent.url)).toEqual([`${harness.baseUrl}/responses`, `${harness.baseUrl}/responses`]);
        for (const sent of sentToGateway) expect(Boolean(sent.body.stream)).toBe(stream);
        const [asked, answered, ...rest] = harness.simulator.requests(provider);
        expect(rest).toEqual([]);
        expect([asked!.path, answered!.path]).toEqual([upstreamPath, upstreamPath]);
        expect(sentToGateway[1]!.body.input).toContainEqual(
          expect.objectContaining({ type: 'function_call_output', call_id: `call_sim${asked!.sequence}` }),
        );
        // The agent's instructions and the tool's output reached the upstream, in its own form.
        expect(JSON.stringify(asked!.body)).toContain(INSTRUCTIONS);
        expect(JSON.stringify(answered!.body)).toContain(STOCK);
        if (provider === 'deepseek') {
          const messages = (answered!.body as { messages: { role: string; content: unknown }[] }).messages;
          expect(messages[0]).toMatchObject({ role: 'system', content: INSTRUCTIONS });
          expect(messages.find((message) => message.role === 'tool')).toMatchObject({ content: STOCK });
        }
      });
    }
  }
});
