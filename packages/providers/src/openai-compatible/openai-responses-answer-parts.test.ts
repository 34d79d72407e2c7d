import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { openAIResponsesAnswerParts } from './openai-responses-answer-parts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('openAIResponsesAnswerParts', () => {
  it('reads a text answer: metadata, text, usage, stop', () => {
    const { parts, usage } = openAIResponsesAnswerParts(fixture('openai-responses-text.json'));
    const expectedUsage = { inputTokens: 36, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 87, reasoningTokens: 0 };
    expect(parts).toEqual([
      { type: 'metadata', id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b', model: 'gpt-4.1-2025-04-14' },
      { type: 'text-delta', text: 'Under a silver moon, a unicorn found a pool that held the stars.' },
      { type: 'usage', usage: expectedUsage },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(usage).toEqual(expectedUsage);
  });

  it('reads reasoning summaries, a function call and a custom tool call with its free-form input', () => {
    const { parts, usage } = openAIResponsesAnswerParts(fixture('openai-responses-function-call.json'));
    expect(parts).toEqual([
      { type: 'metadata', id: 'resp_68af2b1e7c548190a1b2c3d4e5f60718', model: 'gpt-5-2025-08-07' },
      {
        type: 'reasoning-delta',
        text: '**Checking the weather**\n\nThe user wants Paris; the get_weather tool answers that.\n\n**Calling the tool**\n\nOne call with the city is enough.',
      },
      { type: 'tool-call-start', index: 0, id: 'call_Xk1eN8pQfV3dT5sJ0aW2mZ7r', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":"Paris, France"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_Qm4uV9bNcH2xR6tY1pL8sK3d', name: 'code_exec' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: 'print("hello world")' },
      { type: 'tool-call-end', index: 1 },
      { type: 'usage', usage },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    // input_tokens already holds the cached ones, output_tokens the reasoning ones.
    expect(usage).toEqual({
      inputTokens: 2116,
      cachedInputTokens: 1792,
      cacheWriteTokens: 0,
      outputTokens: 245,
      reasoningTokens: 192,
    });
  });

  it('ends an answer cut by max_output_tokens for length', () => {
    const { parts } = openAIResponsesAnswerParts(fixture('openai-responses-incomplete.json'));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
    expect(parts).toContainEqual({ type: 'text-delta', text: 'The history of the printing press begins with' });
  });

  it('ends a failed response with its error and no finish', () => {
    const { parts, usage } = openAIResponsesAnswerParts(fixture('openai-responses-failed.json'));
    expect(parts).toEqual([
      { type: 'metadata', id: 'resp_68b1d5e3f2a18190b8c9d0e1f2a3b4c5', model: 'gpt-4.1-2025-04-14' },
      {
        type: 'error',
        error: {
          code: 'server_error',
          message:
            'The model produced invalid content. Consider modifying your prompt if you are seeing this error persistently.',
        },
      },
    ]);
    expect(usage.inputTokens).toBe(0);
  });

  it('reads refusals as text ending in a refusal, raw reasoning text, and cache writes', () => {
    const body = JSON.stringify({
      id: 'resp_1',
      object: 'response',
      status: 'completed',
      model: 'gpt-oss-120b',
      output: [
        { id: 'rs_1', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Not allowed.' }] },
        {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'refusal', refusal: 'I cannot help.' }],
        },
        { id: 'ws_1', type: 'web_search_call', status: 'completed' },
      ],
      usage: {
        input_tokens: 50,
        input_tokens_details: { cached_tokens: 10, cache_write_tokens: 30 },
        output_tokens: 7,
        output_tokens_details: { reasoning_tokens: 3 },
        total_tokens: 57,
      },
    });
    const { parts, usage } = openAIResponsesAnswerParts(body);
    expect(parts.map((part) => part.type)).toEqual(['metadata', 'reasoning-delta', 'text-delta', 'usage', 'finish']);
    expect(parts[1]).toEqual({ type: 'reasoning-delta', text: 'Not allowed.' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'refusal' });
    expect(usage).toEqual({ inputTokens: 50, cachedInputTokens: 10, cacheWriteTokens: 30, outputTokens: 7, reasoningTokens: 3 });
  });

  it('refuses a body that is not a response object', () => {
    expect(() => openAIResponsesAnswerParts('not json')).toThrow(UpstreamProtocolError);
    expect(() => openAIResponsesAnswerParts('{"object":"chat.completion","choices":[]}')).toThrow(UpstreamProtocolError);
  });
});
