import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import { MessagesStreamWriter } from './messages-stream-writer';
import { UNSIGNED_THINKING_SIGNATURE } from './unsigned-thinking-signature';

interface Event {
  event: string;
  data: Record<string, unknown>;
}

/** Parses the writer's text the way an SSE client does, checking each frame's name matches its data. */
function events(text: string): Event[] {
  expect(text.endsWith('\n\n') || text === '').toBe(true);
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      expect(rest).toEqual([]);
      const name = (eventLine as string).replace(/^event: /, '');
      const data = JSON.parse((dataLine as string).replace(/^data: /, '')) as Record<string, unknown>;
      expect(data.type).toBe(name);
      return { event: name, data };
    });
}

function writer() {
  return new MessagesStreamWriter({
    id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
    model: 'claude-opus-4-6',
    inputTokensEstimate: 25,
  });
}

const usage = { inputTokens: 25, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 15, reasoningTokens: 0 };

describe('MessagesStreamWriter', () => {
  it("writes Anthropic's documented basic stream event for event", () => {
    const out = writer();
    const text =
      out.write([{ type: 'text-delta', text: 'Hello' }]) +
      out.write([
        { type: 'text-delta', text: '!' },
        { type: 'usage', usage },
        { type: 'finish', reason: 'stop' },
      ]);
    expect(events(text)).toEqual([
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
            type: 'message',
            role: 'assistant',
            model: 'claude-opus-4-6',
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
          },
        },
      },
      { event: 'ping', data: { type: 'ping' } },
      {
        event: 'content_block_start',
        data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      },
      {
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
      },
      {
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
      },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 15 },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
    expect(text).not.toContain('[DONE]');
  });

  it('writes the documented tool use stream: text, then a tool_use block with input {} and input_json_delta', () => {
    const out = writer();
    const parts: StreamPart[] = [
      { type: 'text-delta', text: "Okay, let's check the weather for San Francisco, CA:" },
      { type: 'tool-call-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ' "San Francisco, CA", "unit": "fahrenheit"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'usage', usage: { ...usage, inputTokens: 472, outputTokens: 89 } },
      { type: 'finish', reason: 'tool-calls' },
    ];
    const written = events(out.write(parts)).slice(2);
    expect(written.map((item) => item.event)).toEqual([
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(written[3]?.data).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} },
    });
    expect(written[4]?.data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"location":' });
    expect(written[7]?.data).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { input_tokens: 472, output_tokens: 89 },
    });
  });

  it('streams thinking with its signature, then text, in separate blocks', () => {
    const out = writer();
    const written = events(
      out.write([
        { type: 'reasoning-delta', text: 'Let me solve this step by step:\n\n1. First break down 27 * 453' },
        { type: 'reasoning-delta', text: '\n2. 453 = 400 + 50 + 3' },
        { type: 'reasoning-signature', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...' },
        { type: 'text-delta', text: '27 * 453 = 12,231' },
        { type: 'finish', reason: 'stop' },
      ]),
    ).slice(2);
    expect(written[0]?.data).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    expect(written[1]?.data.delta).toMatchObject({ type: 'thinking_delta' });
    expect(written[3]?.data.delta).toEqual({
      type: 'signature_delta',
      signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...',
    });
    expect(written[4]?.data).toEqual({ type: 'content_block_stop', index: 0 });
    expect(written[5]?.data).toMatchObject({ index: 1, content_block: { type: 'text' } });
    expect(
      written.filter((item) => item.data.delta && (item.data.delta as { type: string }).type === 'signature_delta'),
    ).toHaveLength(1);
  });

  it('signs reasoning from a provider that signs nothing with the unsigned marker before the block closes', () => {
    const out = writer();
    const written = events(
      out.write([
        { type: 'reasoning-delta', text: 'The user wants a file listing.' },
        { type: 'tool-call-start', index: 0, id: 'call_0', name: 'Bash' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"command":"ls"}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'finish', reason: 'stop' },
      ]),
    ).slice(2);
    expect(written.map((item) => item.event).slice(0, 4)).toEqual([
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
    ]);
    expect(written[2]?.data.delta).toEqual({ type: 'signature_delta', signature: UNSIGNED_THINKING_SIGNATURE });
    // A provider that said "stop" after calling tools still ends on tool_use.
    expect(written.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('writes interleaved tool calls one block after another, the later one waiting with its arguments', () => {
    const out = writer();
    const written = events(
      out.write([
        { type: 'tool-call-start', index: 0, id: 'call_a', name: 'Read' },
        { type: 'tool-call-start', index: 1, id: 'call_b', name: 'Grep' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '{"pattern":"x"}' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"file_path":"/a"}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'tool-call-end', index: 1 },
        { type: 'finish', reason: 'tool-calls' },
      ]),
    ).slice(2);
    expect(written.map((item) => [item.event, item.data.index])).toEqual([
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_delta', 1],
      ['content_block_stop', 1],
      ['message_delta', undefined],
      ['message_stop', undefined],
    ]);
    expect(written[1]?.data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"file_path":"/a"}' });
    expect(written[4]?.data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"pattern":"x"}' });
  });

  it('reports final usage without cache reads and writes in input_tokens, and the stop sequence hit', () => {
    const out = writer();
    const written = events(
      out.write([
        { type: 'text-delta', text: 'one two' },
        {
          type: 'usage',
          usage: { inputTokens: 1000, cachedInputTokens: 800, cacheWriteTokens: 100, outputTokens: 7, reasoningTokens: 0 },
        },
        { type: 'finish', reason: 'stop', stopSequence: 'three' },
      ]),
    );
    expect(written.at(-2)?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'stop_sequence', stop_sequence: 'three' },
      usage: { input_tokens: 100, cache_read_input_tokens: 800, cache_creation_input_tokens: 100, output_tokens: 7 },
    });
  });

  it('names the upstream model when a metadata part comes first, and keeps the gateway id', () => {
    const out = writer();
    const [start] = events(
      out.write([
        { type: 'metadata', id: 'upstream-1', model: 'deepseek-v4-pro' },
        { type: 'text-delta', text: 'hi' },
      ]),
    );
    expect(start?.data.message).toMatchObject({ id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', model: 'deepseek-v4-pro' });
  });

  it('opens a new thinking block for reasoning that follows a signature', () => {
    const out = writer();
    const written = events(
      out.write([
        { type: 'reasoning-delta', text: 'first' },
        { type: 'reasoning-signature', signature: 'sig-1' },
        { type: 'reasoning-delta', text: 'second' },
        { type: 'finish', reason: 'stop' },
      ]),
    ).slice(2);
    expect(written.map((item) => [item.event, item.data.index])).toEqual([
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_delta', 1],
      ['content_block_delta', 1],
      ['content_block_stop', 1],
      ['message_delta', undefined],
      ['message_stop', undefined],
    ]);
    expect(written[6]?.data.delta).toEqual({ type: 'signature_delta', signature: UNSIGNED_THINKING_SIGNATURE });
  });

  it('writes redacted thinking as its own closed block', () => {
    const out = writer();
    const written = events(
      out.write([
        { type: 'redacted-reasoning', data: 'EmwKAhgBEgy3va3pzix' },
        { type: 'text-delta', text: 'ok' },
      ]),
    ).slice(2);
    expect(written.slice(0, 2).map((item) => item.data)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' } },
      { type: 'content_block_stop', index: 0 },
    ]);
    expect(written[2]?.data).toMatchObject({ index: 1, content_block: { type: 'text' } });
  });

  it('keeps a waiting client alive with message_start and ping first, then pings', () => {
    const out = writer();
    expect(events(out.keepAlive()).map((item) => item.event)).toEqual(['message_start', 'ping']);
    expect(events(out.keepAlive()).map((item) => item.event)).toEqual(['ping']);
    // The answer then continues without a second message_start.
    expect(events(out.write([{ type: 'text-delta', text: 'x' }])).map((item) => item.event)).toEqual([
      'content_block_start',
      'content_block_delta',
    ]);
  });

  it("ends a failed stream with Anthropic's error event, and writes nothing after it", () => {
    const out = writer();
    out.write([{ type: 'text-delta', text: 'partial' }]);
    expect(events(out.write([{ type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } }]))).toEqual([
      { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    ]);
    expect(out.write([{ type: 'finish', reason: 'stop' }])).toBe('');
    expect(out.fail({ message: 'again' })).toBe('');
    expect(out.keepAlive()).toBe('');
  });

  it('maps other vocabularies of a mid-stream failure to Anthropic error types', () => {
    expect(events(writer().fail({ message: 'cut', type: 'server_error' }))[0]?.data.error).toEqual({
      type: 'api_error',
      message: 'cut',
    });
    expect(events(writer().fail({ message: 'slow', code: 'upstream_timeout' }))[0]?.data.error).toMatchObject({
      type: 'timeout_error',
    });
    expect(events(writer().fail({ message: '?' }))[0]?.data.error).toMatchObject({ type: 'api_error' });
  });

  it('writes nothing more after message_stop', () => {
    const out = writer();
    out.write([{ type: 'finish', reason: 'stop' }]);
    expect(out.write([{ type: 'text-delta', text: 'late' }])).toBe('');
    expect(out.fail({ message: 'late' })).toBe('');
  });

  it('answers an empty completion with an opening, no blocks, and the closing events', () => {
    expect(events(writer().write([{ type: 'finish', reason: 'length' }])).map((item) => item.event)).toEqual([
      'message_start',
      'ping',
      'message_delta',
      'message_stop',
    ]);
  });
});
