import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { anthropicAnswerParts } from './anthropic-answer-parts';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const context = { id: 'msg_gateway', upstreamModel: 'claude-sonnet-4-5' };

describe('anthropicAnswerParts', () => {
  it('keeps a thinking block signature and redacted thinking, in block order', () => {
    const { parts, usage } = anthropicAnswerParts(fixture('messages-thinking-response.json'), context);
    expect(parts).toEqual([
      { type: 'metadata', id: 'msg_01Vh2PSXBhKVZVVHpqTkxbbC', model: 'claude-sonnet-4-5-20250929' },
      { type: 'reasoning-delta', text: "To approach this, let's think about what we know about prime numbers..." },
      {
        type: 'reasoning-signature',
        signature: 'zbbJhbGciOiJFU8zI1NiIsImtakcjsu38219c0.eyJoYXNoIjoiYWJjMTIzIiwiaWF0IjoxNjE0NTM0NTY3fQ....',
      },
      {
        type: 'redacted-reasoning',
        data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj',
      },
      { type: 'text-delta', text: 'Yes, there are infinitely many prime numbers such that...' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'length' },
    ]);
    expect(usage).toEqual({
      inputTokens: 50,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 16000,
      reasoningTokens: 0,
    });
  });

  it('gives a tool_use block as one whole tool call numbered from 0', () => {
    const { parts } = anthropicAnswerParts(fixture('messages-tool-use-response.json'), context);
    expect(parts.slice(1, -2)).toEqual([
      { type: 'text-delta', text: "I'll check the current weather in San Francisco for you." },
      { type: 'tool-call-start', index: 0, id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":"San Francisco, CA","unit":"celsius"}' },
      { type: 'tool-call-end', index: 0 },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('names the stop sequence, and falls back to the context id and model', () => {
    const body = JSON.stringify({
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
      usage: { input_tokens: 3, output_tokens: 1 },
    });
    const { parts } = anthropicAnswerParts(body, context);
    expect(parts[0]).toEqual({ type: 'metadata', id: 'msg_gateway', model: 'claude-sonnet-4-5' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop-sequence', stopSequence: '###' });
  });

  it('refuses a body that is not a message', () => {
    expect(() => anthropicAnswerParts('<html>', context)).toThrow(UpstreamProtocolError);
    expect(() => anthropicAnswerParts('{"ok":true}', context)).toThrow(UpstreamProtocolError);
  });
});
