import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

type ResponseInput = OpenAI.Responses.ResponseInputItem[];

const WEATHER_TOOL: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
// Codex's apply_patch: a custom tool whose input is free-form text, not JSON.
const PATCH_TOOL: OpenAI.Responses.CustomTool = { type: 'custom', name: 'apply_patch', description: 'Applies a patch' };
const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+Hello "world"\n*** End Patch\n';

const PROVIDERS = [
  ['deepseek', 'deepseek-v4-flash'],
  ['anthropic', 'claude-sonnet-4-5'],
  ['gemini', 'gemini-2.5-flash'],
] as const;

/** The upstream body, as text: where the tool result must appear, whatever the provider's format. */
function sentText(harness: Harness, provider: string): string {
  return JSON.stringify(harness.simulator.requests(provider).at(-1)!.body);
}

/** The arguments of the tool call the last upstream request replays, decoded from the provider's format. */
function sentToolCallArguments(harness: Harness, provider: string): unknown {
  const body = harness.simulator.requests(provider).at(-1)!.body as Record<string, unknown>;
  if (provider === 'deepseek') {
    const messages = body.messages as { tool_calls?: { function: { arguments: string } }[] }[];
    return JSON.parse(messages.find((message) => message.tool_calls)!.tool_calls![0]!.function.arguments);
  }
  if (provider === 'anthropic') {
    const messages = body.messages as { content: { type: string; input?: unknown }[] }[];
    return messages.flatMap((message) => message.content).find((block) => block.type === 'tool_use')!.input;
  }
  const contents = body.contents as { parts: { functionCall?: { args: unknown } }[] }[];
  return contents.flatMap((content) => content.parts).find((part) => part.functionCall)!.functionCall!.args;
}

/** The tool call and its result as the provider's wire format pairs them. */
function expectPairedResult(harness: Harness, provider: string, callId: string, result: string, name: string): void {
  const body = harness.simulator.requests(provider).at(-1)!.body as Record<string, unknown>;
  const text = JSON.stringify(body);
  expect(text).toContain(JSON.stringify(result).slice(1, -1));
  if (provider === 'deepseek') {
    const messages = body.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
    expect(messages.find((message) => message.role === 'assistant')?.tool_calls?.[0]?.id).toBe(callId);
    expect(messages.find((message) => message.role === 'tool')?.tool_call_id).toBe(callId);
  } else if (provider === 'anthropic') {
    expect(text).toContain(`"type":"tool_use","id":"${callId}"`);
    expect(text).toContain(`"tool_use_id":"${callId}"`);
  } else {
    // Gemini pairs a functionResponse with its call by name.
    expect(text).toContain(`"functionCall":{"name":"${name}"`);
    expect(text).toContain(`"functionResponse":{"name":"${name}"`);
  }
}

// Tool loops on the Responses surface, translated to each upstream format (no native upstream here).
describe('Responses tool loops through the openai SDK, translated', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness(
      PROVIDERS.map(([id, model]) => ({
        id,
        format: id === 'deepseek' ? 'openai' : id,
        models: [{ id: model }],
      })),
    );
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const [provider] of PROVIDERS) {
      harness.simulator.clearRequests(provider);
      harness.simulator.setBehaviour(provider, {
        toolCall: { name: 'get_weather', arguments: { city: 'Paris' } },
        toolCallUntilResult: true,
        text: undefined,
      });
    }
  });

  for (const [provider, model] of PROVIDERS) {
    // Gemini gives a function result back wrapped in an object ({"result": ...}), which the simulator quotes.
    it(`${provider}: function_call, then function_call_output, then the answer (whole, the input replayed by the client)`, async () => {
      const question: ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
      const first = await client.responses.create({ model, input: question, tools: [WEATHER_TOOL] });
      expect(first.status).toBe('completed');
      const call = first.output.find((item) => item.type === 'function_call')!;
      expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      expect(call.call_id).toBeTruthy();
      expect(first.output_text).toBe('');

      const second = await client.responses.create({
        model,
        tools: [WEATHER_TOOL],
        input: [
          ...question,
          ...(first.output as ResponseInput),
          { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21C' },
        ],
      });
      expect(second.status).toBe('completed');
      expect(second.output_text).toMatch(/^The tool returned: .*sunny, 21C/);
      expect(second.output.some((item) => item.type === 'function_call')).toBe(false);
      expectPairedResult(harness, provider, call.call_id, 'sunny, 21C', 'get_weather');
    });

    it(`${provider}: the same loop streamed, chained by previous_response_id`, async () => {
      const stream = client.responses.stream({ model, input: 'Weather in Paris?', tools: [WEATHER_TOOL] });
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const first = await stream.finalResponse();
      const call = first.output.find((item) => item.type === 'function_call')!;
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      const deltas = events.filter((event) => event.type === 'response.function_call_arguments.delta');
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.map((event) => event.delta).join('')).toBe(call.arguments);
      const done = events.find((event) => event.type === 'response.function_call_arguments.done')!;
      expect(done.arguments).toBe(call.arguments);
      expect(events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item.type)).toContain(
        'function_call',
      );
      expect(events.at(-1)!.type).toBe('response.completed');

      const answer = client.responses.stream({
        model,
        tools: [WEATHER_TOOL],
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'rainy, 12C' }],
      });
      const second = await answer.finalResponse();
      expect(second.output_text).toMatch(/^The tool returned: .*rainy, 12C/);
      // The stored turn (question and call) replayed before the result.
      expect(sentText(harness, provider)).toContain('Weather in Paris?');
      expectPairedResult(harness, provider, call.call_id, 'rainy, 12C', 'get_weather');
    });

    it(`${provider}: a custom tool answers with custom_tool_call and its raw input, and its output replays next turn`, async () => {
      harness.simulator.setBehaviour(provider, {
        toolCall: { name: 'apply_patch', arguments: { input: PATCH } },
        toolCallUntilResult: true,
      });
      const question: ResponseInput = [{ role: 'user', content: 'Create hello.txt' }];
      const first = await client.responses.create({ model, input: question, tools: [PATCH_TOOL] });
      const call = first.output.find((item) => item.type === 'custom_tool_call')!;
      expect(call).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: PATCH });
      expect(first.output.some((item) => item.type === 'function_call')).toBe(false);
      // Upstream, the custom tool is a function with one string argument.
      const tools = JSON.stringify(harness.simulator.requests(provider).at(-1)!.body);
      expect(tools).toContain('apply_patch');

      const stream = client.responses.stream({ model, input: question, tools: [PATCH_TOOL] });
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const streamed = await stream.finalResponse();
      const streamedCall = streamed.output.find((item) => item.type === 'custom_tool_call')!;
      expect(streamedCall.input).toBe(PATCH);
      const inputDeltas = events.filter((event) => event.type === 'response.custom_tool_call_input.delta');
      expect(inputDeltas.map((event) => event.delta).join('')).toBe(PATCH);
      expect(events.find((event) => event.type === 'response.custom_tool_call_input.done')?.input).toBe(PATCH);
      expect(events.some((event) => event.type === 'response.function_call_arguments.delta')).toBe(false);

      const second = await client.responses.create({
        model,
        tools: [PATCH_TOOL],
        input: [...question, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done! A hello.txt' }],
      });
      expect(second.output_text).toMatch(/^The tool returned: .*Done! A hello[.]txt/);
      expectPairedResult(harness, provider, call.call_id, 'Done! A hello.txt', 'apply_patch');
      // The call goes back as the one-string-argument function it was sent as, its input intact.
      expect(sentToolCallArguments(harness, provider)).toEqual({ input: PATCH });

      // Chained instead: the stored custom_tool_call replays from the gateway's record of the turn.
      const chained = await client.responses.create({
        model,
        tools: [PATCH_TOOL],
        previous_response_id: streamed.id,
        input: [{ type: 'custom_tool_call_output', call_id: streamedCall.call_id, output: 'Applied.' }],
      });
      expect(chained.output_text).toMatch(/^The tool returned: .*Applied[.]/);
      expectPairedResult(harness, provider, streamedCall.call_id, 'Applied.', 'apply_patch');
      expect(sentToolCallArguments(harness, provider)).toEqual({ input: PATCH });
    });
  }

  it('anthropic with reasoning effort (as Codex sends it): the tool result turn is accepted without the signed thinking block', async () => {
    harness.simulator.setBehaviour('anthropic', { reasoning: 'I should look the weather up.' });
    try {
      const question: ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
      const reasoning = { effort: 'medium', summary: 'auto' } as const;
      const first = await client.responses.create({
        model: 'claude-sonnet-4-5',
        input: question,
        tools: [WEATHER_TOOL],
        reasoning,
      });
      expect((harness.simulator.requests('anthropic').at(-1)!.body as { thinking?: unknown }).thinking).toMatchObject({
        type: 'enabled',
      });
      expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
      const call = first.output.find((item) => item.type === 'function_call')!;
      const second = await client.responses.create({
        model: 'claude-sonnet-4-5',
        tools: [WEATHER_TOOL],
        reasoning,
        input: [
          ...question,
          ...(first.output as ResponseInput),
          { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
        ],
      });
      expect(second.status).toBe('completed');
      expect(second.output_text).toMatch(/^The tool returned: .*sunny/);
      // No other provider can make Anthropic's signature: thinking is off for this tool turn.
      expect((harness.simulator.requests('anthropic').at(-1)!.body as { thinking?: unknown }).thinking).toBeUndefined();
    } finally {
      harness.simulator.setBehaviour('anthropic', { reasoning: undefined });
    }
  });
});
