import type { StreamPart } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { GeminiStreamDecoder } from './gemini-stream-decoder';
import { readFixture } from './read-fixture';

function event(response: unknown): string {
  return `data: ${JSON.stringify(response)}\r\n\r\n`;
}

function decode(body: string, pieceSize = body.length): StreamPart[] {
  const decoder = new GeminiStreamDecoder();
  const parts: StreamPart[] = [];
  for (let index = 0; index < body.length; index += pieceSize) parts.push(...decoder.push(body.slice(index, index + pieceSize)));
  parts.push(...decoder.end());
  return parts;
}

const types = (parts: StreamPart[]) => parts.map((part) => part.type);
const textOf = (parts: StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  parts.map((part) => (part.type === type ? part.text : '')).join('');

describe('GeminiStreamDecoder', () => {
  it('decodes the documented text stream: metadata first, text, the last counts, then finish', () => {
    const parts = decode(readFixture('stream-generate-content.sse'));
    expect(parts[0]).toEqual({ type: 'metadata', id: 'dXQfaNW3L4Tqz7IPnLm2yQ4', model: 'gemini-2.5-flash' });
    expect(textOf(parts, 'text-delta')).toBe(
      'The sky looks blue because air molecules scatter short blue wavelengths of sunlight more than red ones.',
    );
    expect(parts.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: { inputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 336, reasoningTokens: 311 },
      },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(types(parts).filter((type) => type === 'metadata')).toHaveLength(1);
  });

  it('gives the same parts however the bytes are split', () => {
    const body = readFixture('stream-generate-content.sse');
    expect(decode(body, 1)).toEqual(decode(body));
    expect(decode(body, 29)).toEqual(decode(body));
  });

  it('reports usage as it arrives, before the answer ends', () => {
    const decoder = new GeminiStreamDecoder();
    const body = readFixture('stream-generate-content.sse');
    const parts = decoder.push(body.slice(0, body.indexOf('\r\n\r\n') + 4));
    expect(parts.find((part) => part.type === 'usage')).toMatchObject({ usage: { inputTokens: 7 } });
  });

  it('gives a whole function call as a started, filled and ended call with a generated id, finishing with tool-calls', () => {
    const parts = decode(readFixture('stream-function-call.sse'));
    const tool = parts.filter((part) => part.type.startsWith('tool-call'));
    expect(tool).toEqual([
      { type: 'tool-call-start', index: 0, id: expect.stringMatching(/^call_[A-Za-z0-9_-]+$/), name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris","unit":"celsius"}' },
      { type: 'tool-call-end', index: 0 },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
    // The thoughtSignature is Gemini's own and gives no part.
    expect(types(parts)).not.toContain('reasoning-signature');
  });

  it('numbers parallel function calls from 0 and gives each its own id', () => {
    const parts = decode(
      event({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { name: 'get_time' } }],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
      }),
    );
    const starts = parts.filter((part) => part.type === 'tool-call-start');
    expect(starts.map((part) => [part.index, part.name])).toEqual([
      [0, 'get_weather'],
      [1, 'get_time'],
    ]);
    expect(new Set(starts.map((part) => part.id)).size).toBe(2);
    expect(parts).toContainEqual({ type: 'tool-call-delta', index: 1, argumentsDelta: '{}' });
  });

  it('decodes thought parts as reasoning, apart from the answer, and skips empty signature-only parts', () => {
    const parts = decode(
      event({ candidates: [{ content: { role: 'model', parts: [{ text: 'Thinking about it. ', thought: true }] }, index: 0 }] }) +
        event({
          candidates: [{ content: { role: 'model', parts: [{ text: 'Still thinking.', thought: true }, { text: 'Answer.' }] } }],
        }) +
        event({
          candidates: [{ content: { role: 'model', parts: [{ text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }],
        }),
    );
    expect(parts).toEqual([
      { type: 'reasoning-delta', text: 'Thinking about it. ' },
      { type: 'reasoning-delta', text: 'Still thinking.' },
      { type: 'text-delta', text: 'Answer.' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content-filter'],
    ['RECITATION', 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', 'other'],
  ] as const)('maps the finishReason %s to %s', (finishReason, reason) => {
    const parts = decode(event({ candidates: [{ content: { parts: [{ text: 'Partial' }] }, finishReason }] }));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason });
  });

  it('finishes a blocked prompt with content-filter and its prompt count', () => {
    const parts = decode(
      event({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 } }),
    );
    expect(parts.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: { inputTokens: 12, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
      },
      { type: 'finish', reason: 'content-filter' },
    ]);
  });

  it('reads only the first candidate', () => {
    const parts = decode(
      event({
        candidates: [
          { content: { parts: [{ text: 'B' }] }, index: 1 },
          { content: { parts: [{ text: 'A' }] }, index: 0, finishReason: 'STOP' },
        ],
      }) + event({ candidates: [{ content: { parts: [{ text: 'B2' }] }, index: 1, finishReason: 'STOP' }] }),
    );
    expect(textOf(parts, 'text-delta')).toBe('A');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('takes only later counts after the finishReason, and gives the finish after them', () => {
    const parts = decode(
      event({
        candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 3 },
      }) +
        event({
          candidates: [{ content: { parts: [{ text: 'late' }] } }],
          usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2 },
        }) +
        event({ error: { code: 503, message: 'late error', status: 'UNAVAILABLE' } }),
    );
    expect(textOf(parts, 'text-delta')).toBe('Hi');
    expect(parts.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: { inputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2, reasoningTokens: 0 },
      },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('ends with an error part on an error inside the stream, and decodes nothing after it', () => {
    const parts = decode(
      readFixture('stream-error.sse') + event({ candidates: [{ content: { parts: [{ text: 'late' }] }, finishReason: 'STOP' }] }),
    );
    expect(textOf(parts, 'text-delta')).toBe('Once upon a time');
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: { message: 'The model is overloaded. Please try again later.', type: 'UNAVAILABLE', code: 'UNAVAILABLE' },
    });
    expect(types(parts)).not.toContain('finish');
  });

  it('never finishes a stream cut before any finishReason', () => {
    const body = readFixture('stream-generate-content.sse');
    const parts = decode(body.slice(0, body.lastIndexOf('data:')));
    expect(types(parts)).not.toContain('finish');
    expect(textOf(parts, 'text-delta')).toBe('The sky looks blue because air molecules scatter short blue wavelengths');
  });

  it('reads a last event that lacks its closing blank line', () => {
    const parts = decode(readFixture('stream-generate-content.sse').trimEnd());
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(textOf(parts, 'text-delta')).toMatch(/red ones\.$/);
  });

  it('gives no metadata when Gemini names neither response id nor model', () => {
    const parts = decode(event({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] }));
    expect(types(parts)).toEqual(['text-delta', 'finish']);
  });
});
