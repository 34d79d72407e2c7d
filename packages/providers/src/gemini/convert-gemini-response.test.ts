import { describe, expect, it } from 'vitest';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { convertGeminiResponse } from './convert-gemini-response';
import { readFixture } from './read-fixture';

const context = { upstreamModel: 'gemini-2.5-pro', id: 'chatcmpl-1', created: 1_700_000_000 };

describe('convertGeminiResponse', () => {
  it('converts text, finish reason, model and usage', () => {
    const { completion, usage } = convertGeminiResponse(readFixture('generate-content.json'), context);
    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 4,
        completion_tokens: 33,
        total_tokens: 37,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 24 },
      },
    });
    expect(usage.outputTokens).toBe(33);
  });

  it('turns thoughts into reasoning_content and function calls into tool_calls', () => {
    const { completion, usage } = convertGeminiResponse(readFixture('generate-content-thinking-tools.json'), context);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.reasoning_content).toMatch(/^\*\*Planning the lookups\*\*/);
    const calls = choice?.message.tool_calls ?? [];
    expect(calls.map((call) => [call.type, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['function', 'get_weather', { city: 'Paris' }],
      ['function', 'get_weather', { city: 'London' }],
    ]);
    for (const call of calls) expect(call.id).toMatch(/^call_/);
    expect(calls[0]?.id).not.toBe(calls[1]?.id);
    expect(usage).toEqual({
      inputTokens: 2080,
      cachedInputTokens: 2048,
      cacheWriteTokens: 0,
      outputTokens: 150,
      reasoningTokens: 120,
    });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(2048);
  });

  it('answers a blocked prompt with content_filter and no content', () => {
    const { completion, usage } = convertGeminiResponse(readFixture('generate-content-blocked-prompt.json'), context);
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter' },
    ]);
    expect(usage.inputTokens).toBe(12);
  });

  it('keeps several candidates as choices in index order', () => {
    const body = JSON.stringify({
      candidates: [
        { index: 1, content: { parts: [{ text: 'Second' }] }, finishReason: 'MAX_TOKENS' },
        { index: 0, content: { parts: [{ text: 'Fir' }, { text: 'st' }] }, finishReason: 'STOP' },
      ],
    });
    const { completion, usage } = convertGeminiResponse(body, context);
    expect(completion.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason])).toEqual([
      [0, 'First', 'stop'],
      [1, 'Second', 'length'],
    ]);
    expect(completion.model).toBe('gemini-2.5-pro');
    expect(usage.inputTokens).toBe(0);
  });

  it('throws a protocol error for a body that is not a JSON object', () => {
    expect(() => convertGeminiResponse('<html></html>', context)).toThrow(UpstreamProtocolError);
    expect(() => convertGeminiResponse('[]', context)).toThrow(UpstreamProtocolError);
  });
});
