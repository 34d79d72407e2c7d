import { readFileSync } from 'node:fs';
import type { StreamPart } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { OpenAIStreamDecoder } from './openai-stream-decoder';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function decode(body: string, pieceSize = body.length): StreamPart[] {
  const decoder = new OpenAIStreamDecoder();
  const parts: StreamPart[] = [];
  for (let index = 0; index < body.length; index += pieceSize) parts.push(...decoder.push(body.slice(index, index + pieceSize)));
  parts.push(...decoder.end());
  return parts;
}

function chunk(choice: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): string {
  const body = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: choice ? [choice] : [],
    ...extra,
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

const types = (parts: StreamPart[]) => parts.map((part) => part.type);
const textOf = (parts: StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  parts.map((part) => (part.type === type ? part.text : '')).join('');

describe('OpenAIStreamDecoder', () => {
  it('decodes the documented stream: metadata, text, the usage chunk, then finish at [DONE]', () => {
    const parts = decode(fixture('openai-chat-stream.sse'));
    expect(parts).toEqual([
      { type: 'metadata', id: 'chatcmpl-123', model: 'gpt-4o-mini' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '! How can I' },
      { type: 'text-delta', text: ' help today?' },
      {
        type: 'usage',
        usage: { inputTokens: 18, cachedInputTokens: 6, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0 },
      },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('gives the same parts however the bytes are split', () => {
    for (const name of ['openai-chat-stream.sse', 'openai-tool-call-stream.sse', 'deepseek-reasoner-stream.sse']) {
      const whole = decode(fixture(name));
      expect(decode(fixture(name), 1)).toEqual(whole);
      expect(decode(fixture(name), 23)).toEqual(whole);
    }
  });

  it("decodes DeepSeek's reasoning_content and the usage on its last content chunk", () => {
    const parts = decode(fixture('deepseek-reasoner-stream.sse'));
    expect(textOf(parts, 'reasoning-delta')).toBe('9.11 vs 9.9: compare tenths.');
    expect(textOf(parts, 'text-delta')).toBe('9.9 is greater.');
    expect(types(parts).slice(-2)).toEqual(['usage', 'finish']);
    expect(parts.at(-2)).toEqual({
      type: 'usage',
      usage: { inputTokens: 13, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 25, reasoningTokens: 18 },
    });
  });

  it('decodes tool_calls deltas into a started, filled and ended call before the finish', () => {
    const parts = decode(fixture('openai-tool-call-stream.sse'));
    expect(parts.filter((part) => part.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'location' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '":"Paris, France"}' },
      { type: 'tool-call-end', index: 0 },
    ]);
    expect(types(parts).slice(-3)).toEqual(['usage', 'tool-call-end', 'finish']);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('numbers parallel calls from 0 in the order they start, whatever the upstream index', () => {
    const parts = decode(
      chunk({
        index: 0,
        delta: { tool_calls: [{ index: 3, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{}' } }] },
      }) +
        chunk({
          index: 0,
          delta: { tool_calls: [{ index: 5, id: 'call_b', type: 'function', function: { name: 'b', arguments: '' } }] },
        }) +
        chunk({
          index: 0,
          delta: { tool_calls: [{ index: 5, function: { arguments: '{"x":1}' } }] },
          finish_reason: 'tool_calls',
        }) +
        'data: [DONE]\n\n',
    );
    expect(parts.filter((part) => part.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'a' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'b' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"x":1}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-end', index: 1 },
    ]);
  });

  it('holds the finish_reason: a stream cut after it but before [DONE] finishes only at its close', () => {
    const decoder = new OpenAIStreamDecoder();
    const parts = decoder.push(chunk({ index: 0, delta: { content: 'Hi' }, finish_reason: 'length' }));
    expect(types(parts)).not.toContain('finish');
    expect(decoder.end()).toEqual([{ type: 'finish', reason: 'length' }]);
  });

  it('never finishes a stream cut before any finish_reason', () => {
    const body = fixture('openai-chat-stream.sse');
    expect(types(decode(body.slice(0, body.indexOf('"finish_reason":"stop"'))))).not.toContain('finish');
  });

  it('ends with an error part on an OpenRouter error chunk, and decodes nothing after it', () => {
    const parts = decode(
      chunk({ index: 0, delta: { content: 'Hi' }, finish_reason: null }) +
        chunk({ index: 0, delta: {}, finish_reason: 'error' }, { error: { message: 'Provider overloaded', code: 502 } }) +
        chunk({ index: 0, delta: { content: 'late' }, finish_reason: 'stop' }) +
        'data: [DONE]\n\n',
    );
    expect(textOf(parts, 'text-delta')).toBe('Hi');
    expect(parts.at(-1)).toEqual({ type: 'error', error: { message: 'Provider overloaded', code: '502' } });
    expect(types(parts)).not.toContain('finish');
  });

  it("ends with an error part on OpenAI's choices-less error frame", () => {
    const parts = decode(
      `${chunk({ index: 0, delta: { content: 'Hi' } })}data: {"error":{"message":"The server had an error","type":"server_error","code":null}}\n\n`,
    );
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: { message: 'The server had an error', type: 'server_error', code: null },
    });
  });

  it('reads only the first choice, skips garbled events, and ignores anything after [DONE]', () => {
    const parts = decode(
      chunk({ index: 1, delta: { content: 'other' } }) +
        'data: {not json\n\n' +
        chunk({ index: 0, delta: { content: 'mine' }, finish_reason: 'stop' }) +
        'data: [DONE]\n\n' +
        chunk({ index: 0, delta: { content: 'late' } }),
    );
    expect(textOf(parts, 'text-delta')).toBe('mine');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});
