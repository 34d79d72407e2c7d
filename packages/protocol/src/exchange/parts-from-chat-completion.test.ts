import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../openai-chat-types';
import { emptyUsage, type TokenUsage } from '../token-usage';
import { partsFromChatCompletion } from './parts-from-chat-completion';

const usage: TokenUsage = { ...emptyUsage(), inputTokens: 19, outputTokens: 10 };

function completion(message: Record<string, unknown>, finishReason: string | null): ChatCompletion {
  return {
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4.1',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason as never }],
  };
}

describe('partsFromChatCompletion', () => {
  it('gives metadata, reasoning, text, usage and finish in that order', () => {
    const parts = partsFromChatCompletion(completion({ content: 'Hello', reasoning_content: 'Think' }, 'length'), usage);
    expect(parts).toEqual([
      { type: 'metadata', id: 'chatcmpl-up', model: 'gpt-4.1' },
      { type: 'reasoning-delta', text: 'Think' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'length' },
    ]);
  });

  it('numbers tool calls from 0 and opens, fills and ends each', () => {
    const parts = partsFromChatCompletion(
      completion(
        {
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      usage,
    );
    expect(parts.slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'get_time' },
      { type: 'tool-call-end', index: 1 },
      { type: 'usage', usage },
      { type: 'finish', reason: 'tool-calls' },
    ]);
  });

  it('reads a refusal as its text and a refusal finish', () => {
    const parts = partsFromChatCompletion(completion({ content: null, refusal: 'I cannot help with that.' }, 'stop'), usage);
    expect(parts).toContainEqual({ type: 'text-delta', text: 'I cannot help with that.' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'refusal' });
  });

  it('maps content_filter and unknown finish reasons', () => {
    expect(partsFromChatCompletion(completion({ content: '' }, 'content_filter'), usage).at(-1)).toEqual({
      type: 'finish',
      reason: 'content-filter',
    });
    expect(partsFromChatCompletion(completion({ content: 'x' }, 'something_new'), usage).at(-1)).toEqual({
      type: 'finish',
      reason: 'other',
    });
  });
});
