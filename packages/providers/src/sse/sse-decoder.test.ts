import { describe, expect, it } from 'vitest';
import { UpstreamAnswerTooLargeError } from '../upstream-answer-too-large-error';
import { SseDecoder } from './sse-decoder';
import { DEFAULT_SSE_EVENT_LIMIT } from './sse-event-limit';

describe('SseDecoder', () => {
  it('decodes events split anywhere, including inside each kind of blank line', () => {
    const text = 'event: a\ndata: 1\n\ndata: 2\r\n\r\ndata: 3\r\rdata: 4\ndata: 5\n\n';
    for (let size = 1; size <= 7; size++) {
      const decoder = new SseDecoder();
      const events = [];
      for (let index = 0; index < text.length; index += size) events.push(...decoder.push(text.slice(index, index + size)));
      events.push(...decoder.flush());
      expect(events.map((event) => [event.event, event.data])).toEqual([
        ['a', '1'],
        [undefined, '2'],
        [undefined, '3'],
        [undefined, '4\n5'],
      ]);
      expect(events.map((event) => event.raw).join('')).toBe(text);
    }
  });

  it('keeps a partial event pending and gives it out on flush', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: {"a"')).toEqual([]);
    expect(decoder.push(':1}')).toEqual([]);
    expect(decoder.pending).toBe(true);
    expect(decoder.flush()).toEqual([{ event: undefined, data: '{"a":1}', raw: 'data: {"a":1}' }]);
    expect(decoder.pending).toBe(false);
  });

  it('cuts a 60 MB event without a blank line as soon as it passes the limit', () => {
    const decoder = new SseDecoder();
    const piece = `data: ${'x'.repeat(64 * 1024 - 6)}`;
    const pieces = Math.ceil((60 * 1024 * 1024) / piece.length);
    let pushed = 0;
    let thrown: unknown;
    try {
      for (; pushed < pieces; pushed++) decoder.push(piece);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UpstreamAnswerTooLargeError);
    // Stopped at the piece that crossed 1 MiB: 16 pieces fit, the 17th (index 16) throws.
    expect(pushed).toBe(Math.floor(DEFAULT_SSE_EVENT_LIMIT / piece.length));
  });

  it('reads a long event split into a million one-character pieces in linear time', () => {
    // Rescanning or re-concatenating the buffer on every push would make this ~5e11 steps.
    const decoder = new SseDecoder();
    const body = 'y'.repeat(DEFAULT_SSE_EVENT_LIMIT - 10);
    decoder.push('data: ');
    let early = 0;
    for (let index = 0; index < body.length; index++) early += decoder.push(body[index]!).length;
    expect(early).toBe(0);
    const [event] = decoder.push('\n\n');
    expect(event?.data.length).toBe(body.length);
  });

  it('takes its limit from the constructor', () => {
    const decoder = new SseDecoder(10);
    expect(decoder.push('data: 12\n\n')).toHaveLength(1);
    expect(() => decoder.push('data: 12345')).toThrow(UpstreamAnswerTooLargeError);
  });
});
