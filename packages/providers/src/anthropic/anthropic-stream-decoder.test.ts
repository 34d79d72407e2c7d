import { readFileSync } from 'node:fs';
import type { StreamPart } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** Encodes events the way Anthropic sends them: a named event with the same type inside the data. */
function sse(...events: Array<Record<string, unknown> & { type: string }>): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

function decode(body: string, pieceSize = body.length): StreamPart[] {
  const decoder = new AnthropicStreamDecoder();
  const parts: StreamPart[] = [];
  for (let index = 0; index < body.length; index += pieceSize) parts.push(...decoder.push(body.slice(index, index + pieceSize)));
  parts.push(...decoder.end());
  return parts;
}

const types = (parts: StreamPart[]) => parts.map((part) => part.type);
const textOf = (parts: StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  parts.map((part) => (part.type === type ? part.text : '')).join('');

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-haiku-4-5-20251001',
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 10, cache_read_input_tokens: 5, cache_creation_input_tokens: 2, output_tokens: 1 },
  },
};
const textStart = (index: number) => ({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
const text = (index: number, value: string) => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'text_delta', text: value },
});
const messageDelta = (stopReason: string | null, usage: Record<string, number>, stopSequence: string | null = null) => ({
  type: 'message_delta',
  delta: { stop_reason: stopReason, stop_sequence: stopSequence },
  usage,
});
const messageStop = { type: 'message_stop' };

describe('AnthropicStreamDecoder', () => {
  it('decodes the documented text stream: metadata first, text, final usage, then finish last', () => {
    const parts = decode(fixture('messages-stream.sse'));
    expect(parts[0]).toEqual({
      type: 'metadata',
      id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(textOf(parts, 'text-delta')).toBe('Hello! How can I help you today?');
    expect(parts.at(-2)).toEqual({
      type: 'usage',
      usage: { inputTokens: 25 + 1024, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 15, reasoningTokens: 0 },
    });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(types(parts).filter((type) => type === 'finish')).toHaveLength(1);
  });

  it('gives the same parts however the bytes are split', () => {
    for (const name of ['messages-stream.sse', 'messages-tool-use-stream.sse', 'messages-thinking-stream.sse']) {
      const whole = decode(fixture(name));
      expect(decode(fixture(name), 1)).toEqual(whole);
      expect(decode(fixture(name), 17)).toEqual(whole);
    }
  });

  it('reports usage from message_start at once, before the answer ends', () => {
    const decoder = new AnthropicStreamDecoder();
    expect(decoder.push(sse(messageStart))).toEqual([
      { type: 'metadata', id: 'msg_1', model: 'claude-haiku-4-5-20251001' },
      {
        type: 'usage',
        usage: { inputTokens: 17, cachedInputTokens: 5, cacheWriteTokens: 2, outputTokens: 1, reasoningTokens: 0 },
      },
    ]);
  });

  it("keeps the 1-hour part of the cache writes from message_start's cache_creation to the final usage", () => {
    const start = structuredClone(messageStart);
    Object.assign(start.message.usage, {
      cache_creation_input_tokens: 300,
      cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
    });
    const parts = decode(sse(start, textStart(0), text(0, 'Hi'), messageDelta('end_turn', { output_tokens: 9 }), messageStop));
    const usage = parts.filter((part) => part.type === 'usage').at(-1);
    expect(usage).toEqual({
      type: 'usage',
      usage: {
        inputTokens: 315,
        cachedInputTokens: 5,
        cacheWriteTokens: 300,
        cacheWrite1hTokens: 200,
        outputTokens: 9,
        reasoningTokens: 0,
      },
    });
  });

  it('decodes the documented tool_use stream: a 0-based call started, its JSON pieces, ended before finish', () => {
    const parts = decode(fixture('messages-tool-use-stream.sse'));
    const tool = parts.filter((part) => part.type.startsWith('tool-call'));
    expect(tool[0]).toEqual({ type: 'tool-call-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' });
    expect(tool.at(-1)).toEqual({ type: 'tool-call-end', index: 0 });
    // The empty first piece gives no delta.
    expect(tool.slice(1, -1).every((part) => part.type === 'tool-call-delta' && part.argumentsDelta.length > 0)).toBe(true);
    const args = tool.map((part) => (part.type === 'tool-call-delta' ? part.argumentsDelta : '')).join('');
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
    expect(types(parts).indexOf('tool-call-end')).toBeLessThan(types(parts).indexOf('finish'));
  });

  it('numbers tool calls on their own, whatever the block index', () => {
    const parts = decode(
      sse(
        messageStart,
        textStart(0),
        text(0, 'Both:'),
        { type: 'content_block_stop', index: 0 },
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: {} },
        },
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":"Paris"}' } },
        { type: 'content_block_stop', index: 1 },
        {
          type: 'content_block_start',
          index: 2,
          content_block: { type: 'tool_use', id: 'toolu_b', name: 'get_time', input: {} },
        },
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"zone":"CET"}' } },
        messageDelta('tool_use', { output_tokens: 40 }),
        messageStop,
      ),
    );
    expect(parts.filter((part) => part.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 'toolu_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'toolu_b', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"zone":"CET"}' },
      // Its content_block_stop never came: ended at message_stop, before the finish.
      { type: 'tool-call-end', index: 1 },
    ]);
    expect(types(parts).slice(-3)).toEqual(['tool-call-end', 'usage', 'finish']);
  });

  it('decodes the documented thinking stream with the signature after the reasoning it signs', () => {
    const parts = decode(fixture('messages-thinking-stream.sse'));
    expect(textOf(parts, 'reasoning-delta')).toBe(
      'Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3',
    );
    expect(textOf(parts, 'text-delta')).toBe('27 * 453 = 12,231');
    const kinds = types(parts);
    expect(kinds.lastIndexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('reasoning-signature'));
    expect(kinds.indexOf('reasoning-signature')).toBeLessThan(kinds.indexOf('text-delta'));
    expect(parts.find((part) => part.type === 'reasoning-signature')).toEqual({
      type: 'reasoning-signature',
      signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...',
    });
    expect(parts.at(-2)).toMatchObject({ type: 'usage', usage: { inputTokens: 46, outputTokens: 195 } });
  });

  it('passes redacted thinking on as opaque data and hides server tool blocks', () => {
    const parts = decode(
      sse(
        messageStart,
        { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'EmwKAhgB' } },
        { type: 'content_block_stop', index: 0 },
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
        },
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' } },
        textStart(2),
        text(2, 'Done.'),
        messageStop,
      ),
    );
    expect(parts.filter((part) => part.type !== 'usage')).toEqual([
      { type: 'metadata', id: 'msg_1', model: 'claude-haiku-4-5-20251001' },
      { type: 'redacted-reasoning', data: 'EmwKAhgB' },
      { type: 'text-delta', text: 'Done.' },
      { type: 'finish', reason: 'other' },
    ]);
  });

  it.each([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'refusal'],
    ['pause_turn', 'pause'],
  ] as const)('maps the stop reason %s to %s', (stopReason, reason) => {
    const parts = decode(sse(messageStart, messageDelta(stopReason, { output_tokens: 2 }), messageStop));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason });
  });

  it('names the stop sequence that ended the answer', () => {
    const parts = decode(
      sse(messageStart, textStart(0), text(0, 'Hi'), messageDelta('stop_sequence', { output_tokens: 2 }, '###'), messageStop),
    );
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop-sequence', stopSequence: '###' });
  });

  it('finishes only at message_stop, so a stream cut after message_delta is not complete', () => {
    const cut = decode(sse(messageStart, textStart(0), text(0, 'Hi'), messageDelta('max_tokens', { output_tokens: 2 })));
    expect(types(cut)).not.toContain('finish');
    const half = fixture('messages-stream.sse').slice(0, 600);
    expect(types(decode(half))).not.toContain('finish');
  });

  it('replaces counts with the cumulative message_delta ones and keeps message_start input counts', () => {
    const parts = decode(
      sse(
        messageStart,
        messageDelta(null, { output_tokens: 7 }),
        messageDelta('end_turn', { output_tokens: 9, input_tokens: 11 }),
        messageStop,
      ),
    );
    const usages = parts.filter((part) => part.type === 'usage');
    expect(usages.map((part) => part.usage.outputTokens)).toEqual([1, 7, 9, 9]);
    expect(usages.at(-1)?.usage).toEqual({
      inputTokens: 11 + 5 + 2,
      cachedInputTokens: 5,
      cacheWriteTokens: 2,
      outputTokens: 9,
      reasoningTokens: 0,
    });
  });

  it('ignores ping and unknown events', () => {
    const withNoise = decode(
      sse(messageStart, { type: 'ping' }, textStart(0), { type: 'future_event', x: 1 }, text(0, 'Hi'), messageStop),
    );
    expect(withNoise).toEqual(decode(sse(messageStart, textStart(0), text(0, 'Hi'), messageStop)));
  });

  it('ends with an error part on an error event, and decodes nothing after it', () => {
    const parts = decode(`${fixture('messages-stream-error.sse')}${sse(text(0, ' more'), messageStop)}`);
    expect(textOf(parts, 'text-delta')).toBe('Once upon');
    expect(parts.at(-1)).toEqual({ type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } });
    expect(types(parts)).not.toContain('finish');
  });

  it('decodes nothing after message_stop', () => {
    const parts = decode(sse(messageStart, textStart(0), text(0, 'Hi'), messageStop, text(0, ' again')));
    expect(parts.at(-1)?.type).toBe('finish');
    expect(textOf(parts, 'text-delta')).toBe('Hi');
  });

  it('still reads a final event that lacks its closing blank line when the stream ends', () => {
    const decoder = new AnthropicStreamDecoder();
    decoder.push(sse(messageStart, textStart(0), text(0, 'Hi')));
    expect(decoder.push('event: message_stop\ndata: {"type":"message_stop"}')).toEqual([]);
    expect(decoder.end().at(-1)).toEqual({ type: 'finish', reason: 'other' });
  });

  it('skips a garbled event without failing the stream', () => {
    const parts = decode(
      `${sse(messageStart, textStart(0))}event: content_block_delta\ndata: {not json\n\n${sse(text(0, 'ok'), messageStop)}`,
    );
    expect(textOf(parts, 'text-delta')).toBe('ok');
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('reads text deltas exactly however they are spelled, and only on text blocks', () => {
    const texts = ['plain', 'line\nbreak', 'say "hi"', 'back\\slash\\', 'é ✓ \u2028'];
    const body =
      sse(messageStart, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
      texts.map((text) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })).join('') +
      // Spaced JSON (not Anthropic's spelling) is read by the full parse, and a bad escape is skipped.
      'event: content_block_delta\ndata: { "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": "!" } }\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\\x"}}\n\n' +
      // A text delta naming a block that is not text delivers nothing.
      sse(
        { type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: '' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'stray' } },
        { type: 'content_block_delta', index: 7, delta: { type: 'text_delta', text: 'unknown' } },
        { type: 'message_stop' },
      );
    const parts = decode(body, 7);
    expect(textOf(parts, 'text-delta')).toBe(`${texts.join('')}!`);
    expect(parts.at(-1)?.type).toBe('finish');
  });
});
