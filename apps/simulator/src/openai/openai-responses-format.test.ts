import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { readSseEvents } from '../testing/read-sse-events';
import { sendJson } from '../testing/send-json';
import { waitFor } from '../testing/wait-for';
import { SIMULATED_ENCRYPTED_REASONING } from './openai-responses-output';

// OpenAI's Responses API: an `openai`-format provider answers POST /p/{id}/v1/responses, whole and
// streamed, with the same behaviour knobs and records as its chat endpoint.
let simulator: Simulator;
let responsesUrl: string;
const key = { authorization: 'Bearer sk-openai-test' };
// "Be brief." (9) + "Weather now?" (12) = 21 characters in two messages: ceil(21 / 4) + 6 = 12.
const request = {
  model: 'gpt-5',
  instructions: 'Be brief.',
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather now?' }] }],
};

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  responsesUrl = `${simulator.addProvider('openai', 'openai', { chunkCount: 2, text: 'Sunny.' }).baseUrl}/responses`;
});

const usage = (input: number, output: number, cached = 0, reasoning = 0) => ({
  input_tokens: input,
  input_tokens_details: { cached_tokens: cached },
  output_tokens: output,
  output_tokens_details: { reasoning_tokens: reasoning },
  total_tokens: input + output,
});

type Event = Record<string, unknown> & { type: string; sequence_number: number };

async function stream(body: Record<string, unknown>): Promise<Event[]> {
  const response = await sendJson(responsesUrl, { ...body, stream: true }, key);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events = readSseEvents(response.text);
  const data = events.map((event) => JSON.parse(event.data) as Event);
  // Every event is named by its type and numbered in order from 0.
  expect(events.map((event) => event.event)).toEqual(data.map((event) => event.type));
  expect(data.map((event) => event.sequence_number)).toEqual(data.map((_, index) => index));
  return data;
}

describe('the Responses API of an openai-format provider', () => {
  it('answers a whole response object with a message item and usage, echoing the settings, and records it', async () => {
    const response = await sendJson(responsesUrl, { ...request, store: false, metadata: { run: '7' } }, key);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_sim/);
    expect(response.json).toMatchObject({
      id: expect.stringMatching(/^resp_/),
      object: 'response',
      created_at: expect.any(Number),
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      model: 'gpt-5',
      output: [
        {
          id: expect.stringMatching(/^msg_/),
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Sunny.' }],
        },
      ],
      parallel_tool_calls: true,
      store: false,
      tool_choice: 'auto',
      tools: [],
      usage: usage(12, 2),
      metadata: { run: '7' },
    });
    expect(simulator.requests('openai')[0]).toMatchObject({
      path: '/p/openai/v1/responses',
      body: { ...request, store: false },
      status: 200,
      outcome: 'completed',
      stream: false,
      usageSent: { inputTokens: 12, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 },
    });
  });

  it('counts a string input as one message', async () => {
    const response = await sendJson(responsesUrl, { model: 'gpt-5', input: 'Weather now?' }, key);
    expect((response.json as { usage: unknown }).usage).toEqual(usage(6, 2));
  });

  it('puts reasoning first as a summarised reasoning item, encrypted when include asks for it', async () => {
    simulator.setBehaviour('openai', { reasoning: 'Check sky.', cachedInputTokens: 4 });
    const whole = await sendJson(responsesUrl, { ...request, reasoning: { effort: 'low' } }, key);
    expect(whole.json).toMatchObject({
      reasoning: { effort: 'low', summary: null },
      output: [
        { id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Check sky.' }] },
        { type: 'message', content: [{ type: 'output_text', text: 'Sunny.' }] },
      ],
      usage: usage(12, 4, 4, 2),
    });
    expect((whole.json as { output: Record<string, unknown>[] }).output[0]).not.toHaveProperty('encrypted_content');
    const encrypted = await sendJson(responsesUrl, { ...request, include: ['reasoning.encrypted_content'] }, key);
    expect((encrypted.json as { output: Record<string, unknown>[] }).output[0]).toMatchObject({
      encrypted_content: SIMULATED_ENCRYPTED_REASONING,
    });
  });

  it('streams text in the documented event order, ending with response.completed and its usage', async () => {
    const events = await stream(request);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[0]).toMatchObject({ response: { object: 'response', status: 'in_progress', output: [], usage: null } });
    const itemId = (events[2]!.item as { id: string }).id;
    expect(events[2]).toMatchObject({ output_index: 0, item: { type: 'message', status: 'in_progress', content: [] } });
    expect(events[3]).toMatchObject({ item_id: itemId, content_index: 0, part: { type: 'output_text', text: '' } });
    expect(events.slice(4, 6).map((event) => event.delta)).toEqual(['Sun', 'ny.']);
    expect(events[6]).toMatchObject({ item_id: itemId, text: 'Sunny.' });
    expect(events[8]).toMatchObject({ item: { id: itemId, status: 'completed', content: [{ text: 'Sunny.' }] } });
    expect(events[9]).toMatchObject({
      response: { id: (events[0]!.response as { id: string }).id, status: 'completed', usage: usage(12, 2) },
    });
    expect(simulator.requests('openai')[0]).toMatchObject({ stream: true, outcome: 'completed', chunksSent: 2 });
  });

  it('streams reasoning summary events before the message', async () => {
    simulator.setBehaviour('openai', { reasoning: 'Check sky.' });
    const events = await stream(request);
    expect(events.slice(2, 9).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(events[2]).toMatchObject({ output_index: 0, item: { type: 'reasoning', summary: [] } });
    expect(events[6]).toMatchObject({ summary_index: 0, text: 'Check sky.' });
    expect(events[9]).toMatchObject({ type: 'response.output_item.added', output_index: 1, item: { type: 'message' } });
    expect((events.at(-1)!.response as { output: unknown[] }).output).toHaveLength(2);
  });

  it('answers a tool call as a function_call item, whole and streamed', async () => {
    const toolCall = { name: 'get_weather', arguments: { location: 'Paris' } };
    simulator.setBehaviour('openai', { toolCall, chunkCount: 3 });
    const whole = await sendJson(responsesUrl, request, key);
    expect((whole.json as { output: unknown[] }).output).toEqual([
      {
        id: expect.stringMatching(/^fc_/),
        type: 'function_call',
        status: 'completed',
        arguments: '{"location":"Paris"}',
        call_id: expect.stringMatching(/^call_/),
        name: 'get_weather',
      },
    ]);
    const events = await stream(request);
    expect(events.map((event) => event.type).slice(2)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]).toMatchObject({
      item: { type: 'function_call', status: 'in_progress', arguments: '', name: 'get_weather' },
    });
    expect(
      events
        .slice(3, 6)
        .map((event) => event.delta)
        .join(''),
    ).toBe('{"location":"Paris"}');
    expect(events[6]).toMatchObject({ name: 'get_weather', arguments: '{"location":"Paris"}' });
  });

  it('answers a custom_tool_call with free-form input when the request declares the tool as custom', async () => {
    const patch = '*** Begin Patch\n*** End Patch';
    simulator.setBehaviour('openai', { toolCall: { name: 'apply_patch', arguments: { input: patch } } });
    const tools = [{ type: 'custom', name: 'apply_patch', description: 'Edit files.' }];
    const whole = await sendJson(responsesUrl, { ...request, tools }, key);
    expect((whole.json as { output: unknown[] }).output).toEqual([
      {
        id: expect.stringMatching(/^ctc_/),
        type: 'custom_tool_call',
        status: 'completed',
        call_id: expect.stringMatching(/^call_/),
        name: 'apply_patch',
        input: patch,
      },
    ]);
    const events = await stream({ ...request, tools });
    const deltas = events.filter((event) => event.type === 'response.custom_tool_call_input.delta');
    expect(deltas.map((event) => event.delta).join('')).toBe(patch);
    expect(events.find((event) => event.type === 'response.custom_tool_call_input.done')).toMatchObject({ input: patch });
  });

  it('plays a tool-using conversation (toolCallUntilResult): the call until a tool output comes back, then text quoting it', async () => {
    const toolCall = { name: 'get_weather', arguments: { location: 'Paris' } };
    simulator.setBehaviour('openai', { toolCall, toolCallUntilResult: true, text: undefined });
    const first = await sendJson(responsesUrl, request, key);
    const call = (first.json as { output: { type: string; call_id: string }[] }).output[0]!;
    expect(call.type).toBe('function_call');
    const input = [
      ...request.input,
      call,
      { type: 'function_call_output', call_id: call.call_id, output: [{ type: 'input_text', text: 'Rain, 12 C' }] },
    ];
    const second = await sendJson(responsesUrl, { ...request, input }, key);
    expect((second.json as { output: unknown[] }).output).toMatchObject([
      { type: 'message', content: [{ type: 'output_text', text: 'The tool returned: Rain, 12 C' }] },
    ]);
    // A custom tool's output counts too, and streams answer the same way.
    const custom = [...request.input, { type: 'custom_tool_call_output', call_id: 'call_1', output: 'Patched.' }];
    const events = await stream({ ...request, input: custom });
    expect(events.find((event) => event.type === 'response.output_text.done')).toMatchObject({
      text: 'The tool returned: Patched.',
    });
  });

  it("refuses in OpenAI's error shape: missing key, wrong key, bad body", async () => {
    simulator.setBehaviour('openai', { expectedKey: 'sk-openai-test' });
    const noKey = await sendJson(responsesUrl, request);
    expect(noKey.status).toBe(401);
    expect(noKey.json).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    const wrongKey = await sendJson(responsesUrl, request, { authorization: 'Bearer sk-other' });
    expect(wrongKey.json).toMatchObject({
      error: { code: 'invalid_api_key', message: expect.stringMatching(/^Incorrect API key/) },
    });
    const noModel = await sendJson(responsesUrl, { input: 'hi' }, key);
    expect(noModel.status).toBe(400);
    expect(noModel.json).toEqual({
      error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: null, code: null },
    });
    expect((await sendJson(responsesUrl, { model: 'gpt-5', input: 42 }, key)).status).toBe(400);
  });

  it('applies the fault knobs: injected errors with Retry-After, cut streams, ttft, hang', async () => {
    simulator.setBehaviour('openai', { errorStatus: 429, retryAfterSeconds: 3, failFirst: 1 });
    const limited = await sendJson(responsesUrl, request, key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.json).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });

    simulator.setBehaviour('openai', { errorStatus: null, cutAfterChunks: 1 });
    await sendJson(responsesUrl, { ...request, stream: true }, key).catch(() => undefined);
    expect(simulator.requests('openai').at(-1)).toMatchObject({ stream: true, chunksSent: 1, outcome: 'cut', usageSent: null });

    simulator.setBehaviour('openai', { cutAfterChunks: null, ttftMs: 60 });
    const started = performance.now();
    await stream(request);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);

    simulator.setBehaviour('openai', { ttftMs: 0, hang: true });
    const controller = new AbortController();
    const pending = fetch(responsesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key },
      body: JSON.stringify(request),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => simulator.requests('openai').find((record) => record.outcome === 'hung'));
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('writes a usage override over the reported usage', async () => {
    simulator.setBehaviour('openai', { usageOverride: { input_tokens: -500 } });
    const response = await sendJson(responsesUrl, request, key);
    expect((response.json as { usage: { input_tokens: number } }).usage.input_tokens).toBe(-500);
  });
});
