import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import type { TokenUsage } from '../../token-usage';
import { ChatStreamWriter } from './chat-stream-writer';

const options = { id: 'chatcmpl-w', created: 1_700_000_000, model: 'requested-model', includeUsage: false };
const usage: TokenUsage = { inputTokens: 20, cachedInputTokens: 5, cacheWriteTokens: 0, outputTokens: 9, reasoningTokens: 3 };

/** The `data:` payloads of an SSE text, parsed where they are JSON. */
function events(sse: string): unknown[] {
  expect(sse.endsWith('\n\n') || sse === '').toBe(true);
  return sse
    .split('\n\n')
    .filter((event) => event.length > 0)
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

type Chunk = {
  id: string;
  model: string;
  created: number;
  choices: Array<{ delta: Record<string, unknown>; finish_reason: unknown }>;
};

function write(parts: StreamPart[], overrides: Partial<typeof options> = {}) {
  return new ChatStreamWriter({ ...options, ...overrides }).write(parts);
}

describe('ChatStreamWriter', () => {
  it('writes text as content deltas with the role on the first one only, then the finish chunk and [DONE]', () => {
    const output = write([
      { type: 'metadata', id: 'msg_1', model: 'claude-sonnet-4-5' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '' },
      { type: 'text-delta', text: ' there' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'stop' },
    ]);
    const written = events(output);
    expect(written).toHaveLength(4);
    const [first, second, last] = written as Chunk[];
    expect(first?.choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null });
    expect(second?.choices[0]?.delta).toEqual({ content: ' there' });
    expect(last?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(written[3]).toBe('[DONE]');
    for (const chunk of written.slice(0, 3) as Chunk[]) {
      // The gateway's id, the metadata's model.
      expect(chunk).toMatchObject({
        id: 'chatcmpl-w',
        object: 'chat.completion.chunk',
        created: 1_700_000_000,
        model: 'claude-sonnet-4-5',
      });
      expect('usage' in chunk).toBe(false);
    }
  });

  it('reports the given model when no metadata names one', () => {
    const [chunk] = events(write([{ type: 'text-delta', text: 'Hi' }])) as Chunk[];
    expect(chunk?.model).toBe('requested-model');
  });

  it('writes reasoning as reasoning_content and drops signatures and redacted thinking', () => {
    const written = events(
      write([
        { type: 'reasoning-delta', text: 'Think.' },
        { type: 'reasoning-signature', signature: 'EqQB' },
        { type: 'redacted-reasoning', data: 'opaque' },
        { type: 'text-delta', text: 'Answer.' },
      ]),
    ) as Chunk[];
    expect(written.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', reasoning_content: 'Think.' },
      { content: 'Answer.' },
    ]);
  });

  it('writes tool calls as tool_calls deltas with their index, id, type and streamed arguments', () => {
    const written = events(
      write([
        { type: 'tool-call-start', index: 0, id: 'toolu_a', name: 'get_weather' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'tool-call-start', index: 1, id: 'toolu_b', name: 'get_time' },
        { type: 'tool-call-end', index: 1 },
        { type: 'finish', reason: 'tool-calls' },
      ]),
    );
    const deltas = (written.slice(0, -1) as Chunk[]).map((chunk) => chunk.choices[0]);
    expect(deltas).toEqual([
      {
        index: 0,
        delta: {
          role: 'assistant',
          tool_calls: [{ index: 0, id: 'toolu_a', type: 'function', function: { name: 'get_weather', arguments: '' } }],
        },
        finish_reason: null,
      },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish_reason: null },
      {
        index: 0,
        delta: { tool_calls: [{ index: 1, id: 'toolu_b', type: 'function', function: { name: 'get_time', arguments: '' } }] },
        finish_reason: null,
      },
      { index: 0, delta: {}, finish_reason: 'tool_calls' },
    ]);
  });

  it.each([
    ['stop', 'stop'],
    ['stop-sequence', 'stop'],
    ['length', 'length'],
    ['tool-calls', 'tool_calls'],
    ['content-filter', 'content_filter'],
    ['refusal', 'content_filter'],
    ['pause', 'stop'],
    ['other', 'stop'],
  ] as const)('maps the finish reason %s to %s', (reason, finishReason) => {
    const [chunk] = events(write([{ type: 'finish', reason }])) as Chunk[];
    // An answer with no content still opens with the role.
    expect(chunk?.choices[0]).toEqual({ index: 0, delta: { role: 'assistant' }, finish_reason: finishReason });
  });

  it('adds a usage-only chunk with the last usage before [DONE] only when asked', () => {
    const parts: StreamPart[] = [
      { type: 'usage', usage: { ...usage, outputTokens: 1 } },
      { type: 'text-delta', text: 'Hi' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'stop' },
    ];
    const asked = events(write(parts, { includeUsage: true }));
    expect(asked.at(-2)).toEqual({
      id: 'chatcmpl-w',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'requested-model',
      choices: [],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 9,
        total_tokens: 29,
        prompt_tokens_details: { cached_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 3 },
      },
    });
    expect(asked.at(-1)).toBe('[DONE]');
    const notAsked = events(write(parts));
    expect(notAsked).toHaveLength(3);
    expect(JSON.stringify(notAsked)).not.toContain('usage');
  });

  it('writes an error part as a choices-less error frame, with no [DONE], and nothing after it', () => {
    const writer = new ChatStreamWriter(options);
    const output = writer.write([
      { type: 'text-delta', text: 'Once' },
      { type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } },
      { type: 'text-delta', text: ' more' },
    ]);
    const written = events(output);
    expect(written).toHaveLength(2);
    expect(written[1]).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', code: null } });
    expect(output).not.toContain('[DONE]');
    expect(writer.write([{ type: 'finish', reason: 'stop' }])).toBe('');
    expect(writer.fail({ message: 'late' })).toBe('');
  });

  it('fails a broken stream with the same frame, naming the code', () => {
    const writer = new ChatStreamWriter(options);
    writer.write([{ type: 'text-delta', text: 'Once' }]);
    const frame = writer.fail({ message: 'Provider cut the stream.', code: 'upstream_stream_cut' });
    expect(frame).toBe(
      'data: {"error":{"message":"Provider cut the stream.","type":"upstream_error","code":"upstream_stream_cut"}}\n\n',
    );
    expect(writer.write([{ type: 'text-delta', text: 'more' }])).toBe('');
  });

  it('writes nothing after finish', () => {
    const writer = new ChatStreamWriter(options);
    expect(writer.write([{ type: 'finish', reason: 'stop' }])).toContain('[DONE]');
    expect(writer.write([{ type: 'text-delta', text: 'late' }])).toBe('');
    expect(writer.fail({ message: 'late' })).toBe('');
  });

  it('keeps a stream alive with an SSE comment', () => {
    expect(new ChatStreamWriter(options).keepAlive()).toBe(': keep-alive\n\n');
  });
});
