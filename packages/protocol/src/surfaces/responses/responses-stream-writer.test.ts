import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import type { TokenUsage } from '../../token-usage';
import { ResponsesStreamWriter } from './responses-stream-writer';
import type { ResponsesRequest } from './responses-types';

const usage: TokenUsage = { inputTokens: 36, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 87, reasoningTokens: 0 };

interface Event {
  event: string;
  data: Record<string, unknown> & { type: string; sequence_number: number };
}

/** SSE text -> events, checking each frame is `event: <type>` then `data: <json>` with the same type. */
function parse(text: string): Event[] {
  const events: Event[] = [];
  for (const frame of text.split('\n\n')) {
    if (frame === '' || frame.startsWith(':')) continue;
    const [eventLine, dataLine, ...rest] = frame.split('\n');
    expect(rest).toEqual([]);
    expect(eventLine).toMatch(/^event: /);
    expect(dataLine).toMatch(/^data: /);
    const event = (eventLine as string).slice('event: '.length);
    const data = JSON.parse((dataLine as string).slice('data: '.length)) as Event['data'];
    expect(data.type).toBe(event);
    events.push({ event, data });
  }
  return events;
}

function writer(request: Partial<ResponsesRequest> = {}, customToolNames: string[] = []): ResponsesStreamWriter {
  return new ResponsesStreamWriter({
    id: 'resp_abc',
    model: 'gpt-4.1',
    createdAt: 1_741_290_958,
    request: { model: 'gpt-4.1', input: 'Hi', ...request },
    customToolNames,
  });
}

function types(events: Event[]): string[] {
  return events.map((each) => each.data.type);
}

describe('ResponsesStreamWriter', () => {
  it("writes a text answer in OpenAI's documented event order, numbered from 0", () => {
    const stream = writer({ instructions: 'You are a helpful assistant.' });
    const text = stream.write([
      { type: 'metadata', id: 'chatcmpl-up', model: 'gpt-4.1-2025-04-14' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: ' there!' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'stop' },
    ]);
    const events = parse(text);
    expect(types(events)).toEqual([
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
    expect(events.map((each) => each.data.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const created = events[0]?.data.response as Record<string, unknown>;
    expect(created).toMatchObject({
      id: 'resp_abc',
      object: 'response',
      created_at: 1_741_290_958,
      status: 'in_progress',
      model: 'gpt-4.1-2025-04-14',
      output: [],
      usage: null,
      instructions: 'You are a helpful assistant.',
      tool_choice: 'auto',
      parallel_tool_calls: true,
      temperature: 1,
      top_p: 1,
      truncation: 'disabled',
      store: true,
      text: { format: { type: 'text' } },
      reasoning: { effort: null, summary: null },
      metadata: {},
    });
    expect(events[2]?.data).toEqual({
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'message', id: 'msg_abc_0', status: 'in_progress', role: 'assistant', content: [] },
      sequence_number: 2,
    });
    expect(events[4]?.data).toEqual({
      type: 'response.output_text.delta',
      item_id: 'msg_abc_0',
      output_index: 0,
      content_index: 0,
      delta: 'Hi',
      logprobs: [],
      sequence_number: 4,
    });
    expect(events[6]?.data).toMatchObject({ type: 'response.output_text.done', text: 'Hi there!' });
    const message = {
      type: 'message',
      id: 'msg_abc_0',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hi there!', annotations: [], logprobs: [] }],
    };
    expect(events[8]?.data.item).toEqual(message);
    const completed = events[9]?.data.response as Record<string, unknown>;
    expect(completed).toMatchObject({ status: 'completed', output: [message], error: null, incomplete_details: null });
    expect(completed.usage).toEqual({
      input_tokens: 36,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 87,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 123,
    });
    expect(stream.response).toEqual(completed);
    expect(text).not.toContain('[DONE]');
  });

  it('writes a function call with its call id, streamed arguments and done events', () => {
    const stream = writer({ tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: true }] });
    const events = parse(
      stream.write([
        { type: 'tool-call-start', index: 0, id: 'call_1234xyz', name: 'get_weather' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris, France"}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'usage', usage },
        { type: 'finish', reason: 'tool-calls' },
      ]),
    );
    expect(types(events).slice(2)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.data.item).toEqual({
      type: 'function_call',
      id: 'fc_abc_0',
      status: 'in_progress',
      call_id: 'call_1234xyz',
      name: 'get_weather',
      arguments: '',
    });
    expect(events[5]?.data).toMatchObject({
      item_id: 'fc_abc_0',
      output_index: 0,
      name: 'get_weather',
      arguments: '{"location":"Paris, France"}',
    });
    expect(stream.response?.output).toEqual([
      {
        type: 'function_call',
        id: 'fc_abc_0',
        status: 'completed',
        call_id: 'call_1234xyz',
        name: 'get_weather',
        arguments: '{"location":"Paris, France"}',
      },
    ]);
  });

  it('writes reasoning as a reasoning item with a summary, before the answer', () => {
    const stream = writer({ reasoning: { effort: 'high', summary: 'auto' } });
    const events = parse(
      stream.write([
        { type: 'reasoning-delta', text: 'The user greets; ' },
        { type: 'reasoning-delta', text: 'greet back.' },
        { type: 'reasoning-signature', signature: 'sig' },
        { type: 'text-delta', text: 'Hello!' },
        { type: 'usage', usage: { ...usage, reasoningTokens: 12 } },
        { type: 'finish', reason: 'stop' },
      ]),
    );
    expect(types(events).slice(2)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.data.item).toEqual({ type: 'reasoning', id: 'rs_abc_0', summary: [] });
    expect(events[3]?.data).toMatchObject({ item_id: 'rs_abc_0', summary_index: 0, part: { type: 'summary_text', text: '' } });
    expect(events[6]?.data).toMatchObject({ text: 'The user greets; greet back.' });
    expect(events[9]?.data.item).toMatchObject({ type: 'message', id: 'msg_abc_1' });
    expect(stream.response?.output[0]).toEqual({
      type: 'reasoning',
      id: 'rs_abc_0',
      summary: [{ type: 'summary_text', text: 'The user greets; greet back.' }],
    });
    expect(stream.response?.usage?.output_tokens_details).toEqual({ reasoning_tokens: 12 });
    expect(stream.response?.reasoning).toEqual({ effort: 'high', summary: 'auto' });
  });

  it('starts a new reasoning item after a signature, as separate thinking blocks are', () => {
    const stream = writer();
    stream.write([
      { type: 'reasoning-delta', text: 'One.' },
      { type: 'reasoning-signature', signature: 'a' },
      { type: 'reasoning-delta', text: 'Two.' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(stream.response?.output.map((item) => item.id)).toEqual(['rs_abc_0', 'rs_abc_1']);
  });

  it('writes a custom tool call with its input unwrapped from the `input` argument, in one delta at its end', () => {
    const stream = writer({ tools: [{ type: 'custom', name: 'apply_patch' }] }, ['apply_patch']);
    const events = parse(
      stream.write([
        { type: 'tool-call-start', index: 0, id: 'call_p', name: 'apply_patch' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"input":"*** Begin Patch\\n' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '*** End Patch"}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'finish', reason: 'tool-calls' },
      ]),
    );
    expect(types(events).slice(2)).toEqual([
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.data.item).toEqual({
      type: 'custom_tool_call',
      id: 'ctc_abc_0',
      status: 'in_progress',
      call_id: 'call_p',
      name: 'apply_patch',
      input: '',
    });
    expect(events[3]?.data).toMatchObject({ item_id: 'ctc_abc_0', delta: '*** Begin Patch\n*** End Patch' });
    expect(events[5]?.data.item).toMatchObject({
      type: 'custom_tool_call',
      status: 'completed',
      input: '*** Begin Patch\n*** End Patch',
    });
  });

  it('writes calls to namespace members with their own name and namespace', () => {
    const stream = writer({
      tools: [{ type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'lookup' }] }],
    });
    stream.write([
      { type: 'tool-call-start', index: 0, id: 'call_n', name: 'crm__lookup' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    expect(stream.response?.output[0]).toMatchObject({ type: 'function_call', name: 'lookup', namespace: 'crm', arguments: '' });
  });

  it('holds a call that starts while another streams, then writes it whole, items in order', () => {
    const stream = writer();
    const events = parse(
      stream.write([
        { type: 'tool-call-start', index: 0, id: 'call_a', name: 'a' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"x":' },
        { type: 'tool-call-start', index: 1, id: 'call_b', name: 'b' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '{"y":2}' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '1}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'tool-call-end', index: 1 },
        { type: 'finish', reason: 'tool-calls' },
      ]),
    );
    const items = events.filter((each) => each.data.type === 'response.output_item.done').map((each) => each.data.item);
    expect(items).toMatchObject([
      { call_id: 'call_a', arguments: '{"x":1}', id: 'fc_abc_0' },
      { call_id: 'call_b', arguments: '{"y":2}', id: 'fc_abc_1' },
    ]);
    const indexes = events.filter((each) => 'output_index' in each.data).map((each) => each.data.output_index);
    expect(indexes).toEqual([...indexes].sort());
  });

  it('ends a cut answer with response.incomplete: max_output_tokens, the open item incomplete', () => {
    const stream = writer({ max_output_tokens: 16 });
    const events = parse(
      stream.write([
        { type: 'text-delta', text: 'Once upon' },
        { type: 'finish', reason: 'length' },
      ]),
    );
    const last = events.at(-1)?.data;
    expect(last?.type).toBe('response.incomplete');
    expect(last?.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      max_output_tokens: 16,
      output: [{ type: 'message', status: 'incomplete' }],
    });
  });

  it('names a content filter as the reason an answer is incomplete', () => {
    const stream = writer();
    stream.write([{ type: 'finish', reason: 'content-filter' }]);
    expect(stream.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });

  it('ends with response.failed on an error part, with the code clients act on', () => {
    const stream = writer();
    const events = parse(
      stream.write([
        { type: 'text-delta', text: 'Once' },
        { type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } },
        { type: 'text-delta', text: 'ignored' },
      ]),
    );
    const last = events.at(-1)?.data;
    expect(last?.type).toBe('response.failed');
    expect(last?.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'Overloaded' } });
    expect(types(events).filter((type) => type.startsWith('response.output_text'))).toEqual(['response.output_text.delta']);
    expect(stream.write([{ type: 'finish', reason: 'stop' }])).toBe('');
    expect(stream.fail({ message: 'again' })).toBe('');
  });

  it('fails before anything was written with created, in_progress and failed', () => {
    const stream = writer();
    const events = parse(stream.fail({ message: 'Prompt too long', code: 'context_length_exceeded' }));
    expect(types(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(events[2]?.data.response).toMatchObject({ error: { code: 'context_length_exceeded', message: 'Prompt too long' } });
    expect(stream.response?.status).toBe('failed');
  });

  it('opens the stream on a keep-alive before anything else, and sends comments after', () => {
    const stream = writer();
    const first = stream.keepAlive();
    expect(types(parse(first))).toEqual(['response.created', 'response.in_progress']);
    expect(stream.keepAlive()).toBe(': keep-alive\n\n');
    const rest = parse(
      stream.write([
        { type: 'text-delta', text: 'Hi' },
        { type: 'finish', reason: 'stop' },
      ]),
    );
    expect(rest[0]?.data).toMatchObject({ type: 'response.output_item.added', sequence_number: 2 });
    expect(rest.filter((each) => each.data.type === 'response.created')).toEqual([]);
    expect(stream.keepAlive()).toBe('');
  });

  it('keeps the model announced in response.created when metadata comes later', () => {
    const stream = writer();
    stream.keepAlive();
    stream.write([
      { type: 'metadata', model: 'gpt-4.1-2025-04-14' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(stream.response?.model).toBe('gpt-4.1');
  });

  it('gives an answer without content one completed response with no output', () => {
    const stream = writer();
    const events = parse(
      stream.write([
        { type: 'usage', usage },
        { type: 'finish', reason: 'stop' },
      ]),
    );
    expect(types(events)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    expect(stream.response?.output).toEqual([]);
  });

  it('writes parts split across calls the same as at once', () => {
    const parts: StreamPart[] = [
      { type: 'reasoning-delta', text: 'Hmm' },
      { type: 'text-delta', text: 'A' },
      { type: 'text-delta', text: 'B' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'usage', usage },
      { type: 'finish', reason: 'tool-calls' },
    ];
    const whole = writer().write(parts);
    const split = writer();
    expect(parts.map((part) => split.write([part])).join('')).toBe(whole);
  });
});
