import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { convertAnthropicResponse } from './convert-anthropic-response';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const context = { id: 'chatcmpl-fallback', created: 1_700_000_000, upstreamModel: 'claude-sonnet-4-5' };

describe('convertAnthropicResponse', () => {
  it('takes id and model from the response and counts cached tokens in the usage', () => {
    const { completion, usage } = convertAnthropicResponse(fixture('messages-response.json'), context);
    expect(completion).toMatchObject({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi! My name is Claude.' }, finish_reason: 'stop' }],
    });
    expect(completion.choices[0]?.message).not.toHaveProperty('tool_calls');
    expect(usage.cachedInputTokens).toBe(1800);
    expect(completion.usage).toEqual({
      prompt_tokens: 2009,
      completion_tokens: 12,
      total_tokens: 2021,
      prompt_tokens_details: { cached_tokens: 1800 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('turns tool_use blocks into tool_calls with the input as a JSON string', () => {
    const { completion } = convertAnthropicResponse(fixture('messages-tool-use-response.json'), context);
    const message = completion.choices[0]?.message;
    expect(message?.content).toBe("I'll check the current weather in San Francisco for you.");
    expect(message?.tool_calls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
      },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('puts thinking into reasoning_content, hides redacted thinking and maps max_tokens to length', () => {
    const { completion } = convertAnthropicResponse(fixture('messages-thinking-response.json'), context);
    const message = completion.choices[0]?.message;
    expect(message?.reasoning_content).toBe("To approach this, let's think about what we know about prime numbers...");
    expect(message?.content).toBe('Yes, there are infinitely many prime numbers such that...');
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('joins several text blocks and gives null content when there is no text', () => {
    const body = (content: unknown[]) =>
      JSON.stringify({ id: '', type: 'message', role: 'assistant', model: '', content, stop_reason: 'end_turn', usage: {} });
    const joined = convertAnthropicResponse(
      body([
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ]),
      context,
    );
    expect(joined.completion.choices[0]?.message.content).toBe('ab');
    // Empty id and model fall back to the gateway's.
    expect(joined.completion.id).toBe('chatcmpl-fallback');
    expect(joined.completion.model).toBe('claude-sonnet-4-5');
    expect(convertAnthropicResponse(body([]), context).completion.choices[0]?.message.content).toBeNull();
  });

  it('refuses bodies that are not a message', () => {
    expect(() => convertAnthropicResponse('<html>', context)).toThrow(UpstreamProtocolError);
    expect(() => convertAnthropicResponse('<html>', context)).toThrow(/not JSON/);
    expect(() => convertAnthropicResponse('{"type":"error"}', context)).toThrow(/not a message/);
  });
});
