import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from '../anthropic/anthropic-stream-decoder';
import { NativeStreamTranslator } from './native-stream-translator';

function fixture(name: string): string {
  return readFileSync(new URL(`../anthropic/__fixtures__/${name}`, import.meta.url), 'utf8');
}

function relay(body: string, pieceSize: number) {
  const translator = new NativeStreamTranslator(new AnthropicStreamDecoder());
  let output = '';
  for (let index = 0; index < body.length; index += pieceSize) output += translator.push(body.slice(index, index + pieceSize));
  output += translator.end();
  return { translator, output };
}

describe('NativeStreamTranslator', () => {
  it('sends the upstream bytes back unchanged, however they are split, and reads usage and the end', () => {
    const body = fixture('messages-stream.sse');
    for (const size of [body.length, 1, 13]) {
      const { translator, output } = relay(body, size);
      expect(output).toBe(body);
      expect(translator.done).toBe(true);
      expect(translator.upstreamError).toBeUndefined();
      expect(translator.usage).toEqual({
        inputTokens: 1049,
        cachedInputTokens: 1024,
        cacheWriteTokens: 0,
        outputTokens: 15,
        reasoningTokens: 0,
      });
      expect(translator.deliveredCharacters).toBe('Hello! How can I help you today?'.length);
      expect(translator.deliveredSample).toBe('Hello! How can I help you today?');
    }
  });

  it('reports usage from message_start while the stream is still running', () => {
    const translator = new NativeStreamTranslator(new AnthropicStreamDecoder());
    const body = fixture('messages-stream.sse');
    const firstEvent = body.slice(0, body.indexOf('\n\n') + 2);
    expect(translator.push(firstEvent)).toBe(firstEvent);
    expect(translator.usage?.inputTokens).toBe(1049);
    expect(translator.done).toBe(false);
  });

  it('counts thinking and tool arguments as delivered text', () => {
    const { translator } = relay(fixture('messages-tool-use-stream.sse'), 50);
    const args = '{"location": "San Francisco, CA", "unit": "fahrenheit"}';
    expect(translator.deliveredCharacters).toBe("Okay, let's check the weather for San Francisco, CA:".length + args.length);
    expect(translator.done).toBe(true);
  });

  it('tells an upstream error event, passing its bytes on too', () => {
    const body = fixture('messages-stream-error.sse');
    const { translator, output } = relay(body, body.length);
    expect(output).toBe(body);
    expect(translator.upstreamError).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
    expect(translator.done).toBe(false);
    expect(translator.deliveredCharacters).toBe('Once upon'.length);
  });

  it('reports a stream cut before message_stop as not done', () => {
    const body = fixture('messages-stream.sse');
    const { translator, output } = relay(body.slice(0, body.indexOf('event: message_stop')), 64);
    expect(output).toBe(body.slice(0, body.indexOf('event: message_stop')));
    expect(translator.done).toBe(false);
    expect(translator.usage?.outputTokens).toBe(15);
  });
});
