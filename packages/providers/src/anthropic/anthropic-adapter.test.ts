import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { runAdapterContract } from '../contract/adapter-contract-suite';
import { parseOpenAIStream } from '../contract/parse-openai-stream';
import type { AdapterTarget } from '../provider-adapter';
import { anthropicAdapter } from './anthropic-adapter';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const target: AdapterTarget = {
  provider: { id: 'anthropic', adapter: 'anthropic', baseUrl: 'https://api.anthropic.com', enabled: true, models: [] },
  upstreamModel: 'claude-sonnet-4-5',
  apiKey: 'sk-ant-api03-contract-secret',
};

const request: ChatCompletionRequest = {
  model: 'claude',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Hello' },
  ],
};

runAdapterContract({
  name: 'anthropic',
  adapter: anthropicAdapter,
  target,
  request,
  whole: {
    body: fixture('messages-response.json'),
    text: 'Hi! My name is Claude.',
    finishReason: 'stop',
    usage: { inputTokens: 21 + 188 + 1800, cachedInputTokens: 1800, cacheWriteTokens: 188, outputTokens: 12, reasoningTokens: 0 },
  },
  stream: {
    body: fixture('messages-stream.sse'),
    text: 'Hello! How can I help you today?',
    finishReason: 'stop',
    usage: { inputTokens: 25 + 1024, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 15, reasoningTokens: 0 },
  },
  toolStream: {
    body: fixture('messages-tool-use-stream.sse'),
    name: 'get_weather',
    arguments: { location: 'San Francisco, CA', unit: 'fahrenheit' },
  },
  error: { status: 400, body: fixture('error-invalid-request.json'), messageIncludes: 'roles must alternate' },
});

describe('anthropicAdapter.chatRequest', () => {
  it('posts to /v1/messages with the key, version and content type headers', () => {
    const upstream = anthropicAdapter.chatRequest(request, target, false);
    expect(upstream.url).toBe('https://api.anthropic.com/v1/messages');
    expect(upstream.method).toBe('POST');
    expect(upstream.headers).toEqual({
      'x-api-key': 'sk-ant-api03-contract-secret',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    const body = JSON.parse(upstream.body);
    expect(body).toMatchObject({ model: 'claude-sonnet-4-5', system: 'You are terse.', max_tokens: 4096 });
    expect(body.stream).toBeUndefined();
    expect(JSON.parse(anthropicAdapter.chatRequest(request, target, true).body).stream).toBe(true);
  });

  it('takes the version from the provider and adds its extra headers without letting them replace ours', () => {
    const upstream = anthropicAdapter.chatRequest(
      request,
      {
        ...target,
        provider: {
          ...target.provider,
          baseUrl: 'https://anthropic.example.com/proxy/',
          apiVersion: '2024-01-01',
          headers: { 'anthropic-beta': 'prompt-caching-2024-07-31', 'X-Api-Key': 'other-key', 'Content-Type': 'text/plain' },
        },
      },
      false,
    );
    expect(upstream.url).toBe('https://anthropic.example.com/proxy/v1/messages');
    expect(upstream.headers).toEqual({
      'anthropic-beta': 'prompt-caching-2024-07-31',
      'x-api-key': 'sk-ant-api03-contract-secret',
      'anthropic-version': '2024-01-01',
      'content-type': 'application/json',
    });
  });

  it("turns the neutral request's reasoning into thinking", () => {
    const neutral = {
      surface: 'messages' as const,
      chat: request,
      reasoning: { enabled: true, budgetTokens: 2000 },
      droppedFields: [],
    };
    const body = JSON.parse(anthropicAdapter.chatRequest(request, target, false, neutral).body);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(body.max_tokens).toBe(4096);
  });

  it('sends no key header for a key-less server', () => {
    const upstream = anthropicAdapter.chatRequest(request, { ...target, apiKey: '' }, false);
    expect(Object.keys(upstream.headers)).not.toContain('x-api-key');
  });
});

describe('anthropicAdapter end to end', () => {
  it('converts a whole tool_use answer into tool_calls', () => {
    const result = anthropicAdapter.chatResponse(fixture('messages-tool-use-response.json'), {
      requestedModel: 'claude',
      upstreamModel: 'claude-sonnet-4-5',
      id: 'chatcmpl-x',
      created: 1,
    });
    expect(result.completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.completion.choices[0]?.message.tool_calls?.[0]?.function.name).toBe('get_weather');
  });

  it('streams a thinking answer as reasoning_content then content', () => {
    const translator = anthropicAdapter.chatStream({ id: 'chatcmpl-t', created: 2, model: 'claude', includeUsage: false });
    const parsed = parseOpenAIStream(translator.push(fixture('messages-thinking-stream.sse')) + translator.end());
    expect(parsed.reasoning).toBe('Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3');
    expect(parsed.text).toBe('27 * 453 = 12,231');
    expect(parsed.done).toBe(true);
    expect(translator.usage?.outputTokens).toBe(195);
  });

  it('ends a stream that carried an Anthropic error event with a choices-less error frame and no [DONE]', () => {
    const translator = anthropicAdapter.chatStream({ id: 'chatcmpl-e', created: 3, model: 'claude', includeUsage: true });
    const output = translator.push(fixture('messages-stream-error.sse')) + translator.end();
    const parsed = parseOpenAIStream(output);
    expect(parsed.text).toBe('Once upon');
    expect(parsed.done).toBe(false);
    expect(parsed.chunks.at(-1)).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', code: null } });
    expect(parsed.chunks.filter((chunk) => chunk.usage)).toHaveLength(0);
    expect(translator.upstreamError).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
    expect(translator.done).toBe(false);
  });

  it('puts the role on the first chunk only and stamps every chunk with the context id and the upstream model', () => {
    const translator = anthropicAdapter.chatStream({
      id: 'chatcmpl-abc',
      created: 1_700_000_123,
      model: 'claude',
      includeUsage: true,
    });
    const parsed = parseOpenAIStream(translator.push(fixture('messages-stream.sse')) + translator.end());
    expect(parsed.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: 'Hello' });
    expect(parsed.chunks.filter((chunk) => chunk.choices[0]?.delta.role !== undefined)).toHaveLength(1);
    for (const chunk of parsed.chunks) {
      expect(chunk).toMatchObject({ id: 'chatcmpl-abc', created: 1_700_000_123, model: 'claude-sonnet-4-5-20250929' });
    }
    expect(parsed.chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(parsed.chunks.at(-1)?.usage).toMatchObject({
      prompt_tokens: 1049,
      completion_tokens: 15,
      prompt_tokens_details: { cached_tokens: 1024 },
    });
  });

  it('streams a tool call as tool_calls deltas and counts the delivered text', () => {
    const translator = anthropicAdapter.chatStream({ id: 'chatcmpl-t', created: 2, model: 'claude', includeUsage: false });
    const parsed = parseOpenAIStream(translator.push(fixture('messages-tool-use-stream.sse')) + translator.end());
    expect(parsed.toolCalls).toEqual([
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}',
      },
    ]);
    expect(parsed.finishReason).toBe('tool_calls');
    expect(translator.deliveredCharacters).toBe(parsed.text.length + parsed.toolCalls[0]!.arguments.length);
    expect(translator.usage?.outputTokens).toBe(89);
  });
});

describe('anthropicAdapter parts', () => {
  it('decodes its stream into parts for other surfaces', () => {
    const decoder = anthropicAdapter.streamParts();
    const parts = [...decoder.push(fixture('messages-thinking-stream.sse')), ...decoder.end()];
    expect(parts.some((part) => part.type === 'reasoning-signature')).toBe(true);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('decodes a whole answer natively, keeping redacted thinking', () => {
    const { parts } = anthropicAdapter.answerParts(fixture('messages-thinking-response.json'), {
      requestedModel: 'claude',
      upstreamModel: 'claude-sonnet-4-5',
      id: 'msg_x',
      created: 1,
    });
    expect(parts.some((part) => part.type === 'redacted-reasoning')).toBe(true);
  });
});
