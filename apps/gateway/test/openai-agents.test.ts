import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from './gateway-harness';

// The OpenAI Agents SDK (on the Responses API, its default) runs an agent with a function tool
// through the gateway's /v1/responses, translated to a Chat Completions upstream (DeepSeek)
// played by the simulator. Tracing would export to OpenAI: off.
const MODEL = 'deepseek-v4-flash';
const STOCK = '42 crates in Porto';

let harness: Harness;
let agent: Agent;
/** What the SDK's client sent to the gateway, in order. */
const sentToGateway: { url: string; body: { input: unknown[]; stream?: boolean } }[] = [];
const calls: { warehouse: string }[] = [];

beforeAll(async () => {
  setTracingDisabled(true);
  harness = await startHarness([
    {
      id: 'deepseek',
      format: 'openai',
      models: [{ id: MODEL }],
      behaviour: { toolCall: { name: 'stock_level', arguments: { warehouse: 'Porto' } }, toolCallUntilResult: true },
    },
  ]);
  // As the README shows: the SDK's default client pointed at the gateway, the model by name.
  const client = new OpenAI({
    baseURL: harness.baseUrl,
    apiKey: 'unused',
    maxRetries: 0,
    fetch: (input, init) => {
      sentToGateway.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return fetch(input, init);
    },
  });
  setDefaultOpenAIClient(client);
  agent = new Agent({
    name: 'Stock clerk',
    instructions: 'Answer questions about stock with the stock_level tool.',
    model: MODEL,
    tools: [
      tool({
        name: 'stock_level',
        description: 'How many crates a warehouse holds.',
        parameters: z.object({ warehouse: z.string() }),
        execute: async ({ warehouse }) => {
          calls.push({ warehouse });
          return STOCK;
        },
      }),
    ],
  });
});
afterAll(() => harness.close());

describe('the OpenAI Agents SDK through /v1/responses', () => {
  for (const stream of [false, true]) {
    it(`runs an agent with a function tool${stream ? ', streamed' : ''}`, async () => {
      calls.length = 0;
      sentToGateway.length = 0;
      harness.simulator.clearRequests('deepseek');
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
      const [asked, answered, ...rest] = harness.simulator.requests('deepseek');
      expect(sentToGateway[1]!.body.input).toContainEqual(
        expect.objectContaining({ type: 'function_call_output', call_id: `call_sim${asked!.sequence}` }),
      );
      // Upstream: the agent's instructions as the system message, the tool's output as a tool message.
      expect(rest).toEqual([]);
      expect(asked!.path).toBe('/p/deepseek/v1/chat/completions');
      const firstMessages = (asked!.body as { messages: { role: string; content: unknown }[] }).messages;
      expect(JSON.stringify(firstMessages[0])).toContain('Answer questions about stock');
      const toolMessage = (answered!.body as { messages: { role: string; content: unknown }[] }).messages.find(
        (message) => message.role === 'tool',
      );
      expect(JSON.stringify(toolMessage?.content)).toContain(STOCK);
    });
  }
});
