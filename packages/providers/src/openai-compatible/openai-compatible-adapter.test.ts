import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { CatalogProvider } from '../catalog-types';
import { runAdapterContract } from '../contract/adapter-contract-suite';
import { parseOpenAIStream } from '../contract/parse-openai-stream';
import { openAICompatibleAdapter } from './openai-compatible-adapter';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const provider: CatalogProvider = {
  id: 'deepseek',
  adapter: 'openai-compatible',
  baseUrl: 'https://api.deepseek.com',
  enabled: true,
  headers: { 'x-extra': 'yes' },
  models: [],
};
const target = { provider, upstreamModel: 'deepseek-v4-flash', apiKey: 'sk-contract-secret-123' };
const request: ChatCompletionRequest = {
  model: 'chat-default',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello' },
  ],
};

runAdapterContract({
  name: 'openai-compatible',
  adapter: openAICompatibleAdapter,
  target,
  request,
  whole: {
    body: fixture('openai-chat-completion.json'),
    text: 'Hello! How can I assist you today?',
    finishReason: 'stop',
    usage: { inputTokens: 19, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 10, reasoningTokens: 0 },
  },
  stream: {
    body: fixture('openai-chat-stream.sse'),
    text: 'Hello! How can I help today?',
    finishReason: 'stop',
    usage: { inputTokens: 18, cachedInputTokens: 6, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0 },
  },
  toolStream: {
    body: fixture('openai-tool-call-stream.sse'),
    name: 'get_weather',
    arguments: { location: 'Paris, France' },
  },
  error: { status: 401, body: fixture('openai-error.json'), messageIncludes: 'Incorrect API key provided' },
  embeddings: {
    request: { model: 'embed', input: ['a', 'b'] },
    body: fixture('openai-embeddings.json'),
    count: 2,
    usage: { inputTokens: 8, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
  },
});

describe('openai-compatible adapter', () => {
  it('passes every field it does not need through untouched and swaps only the model', () => {
    const full: ChatCompletionRequest = {
      ...request,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      response_format: { type: 'json_object' },
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      n: 2,
      logprobs: true,
      user: 'u-1',
      parallel_tool_calls: false,
      some_future_field: { nested: [1, 2] },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
      ],
    };
    const built = JSON.parse(openAICompatibleAdapter.chatRequest(full, target, false).body);
    expect(built).toEqual({ ...full, model: 'deepseek-v4-flash' });
  });

  it('asks streams for usage and sends the key as a Bearer token plus provider headers', () => {
    const built = openAICompatibleAdapter.chatRequest({ ...request, stream: true }, target, true);
    expect(built.url).toBe('https://api.deepseek.com/chat/completions');
    expect(JSON.parse(built.body).stream_options).toEqual({ include_usage: true });
    expect(built.headers.authorization).toBe('Bearer sk-contract-secret-123');
    expect(built.headers['x-extra']).toBe('yes');
  });

  it('sends no authorization header to a key-less local server', () => {
    const built = openAICompatibleAdapter.chatRequest(request, { ...target, apiKey: '' }, false);
    expect(built.headers.authorization).toBeUndefined();
  });

  it('drops Switchboard routing preferences before they reach the upstream', () => {
    const built = JSON.parse(
      openAICompatibleAdapter.chatRequest({ ...request, provider: { order: ['a'] }, models: ['x'] }, target, false).body,
    );
    expect(built.provider).toBeUndefined();
    expect(built.models).toBeUndefined();
  });

  it("forwards DeepSeek's reasoning_content and reads its usage from the last content chunk", () => {
    const translator = openAICompatibleAdapter.chatStream({ id: 'x', created: 1, model: 'm', includeUsage: false });
    const output = translator.push(fixture('deepseek-reasoner-stream.sse')) + translator.end();
    const parsed = parseOpenAIStream(output);
    expect(parsed.reasoning).toBe('9.11 vs 9.9: compare tenths.');
    expect(parsed.text).toBe('9.9 is greater.');
    expect(translator.usage).toEqual({
      inputTokens: 13,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 25,
      reasoningTokens: 18,
    });
  });

  it('forwards upstream events byte for byte', () => {
    const body = fixture('openai-chat-stream.sse');
    const translator = openAICompatibleAdapter.chatStream({ id: 'x', created: 1, model: 'm', includeUsage: true });
    expect(translator.push(body) + translator.end()).toBe(body);
  });

  it('drops "usage": null from relayed chunks when the client did not ask for usage, keeping their other bytes', () => {
    const body = fixture('openai-chat-stream.sse');
    const translator = openAICompatibleAdapter.chatStream({ id: 'x', created: 1, model: 'm', includeUsage: false });
    const output = translator.push(body) + translator.end();
    expect(output).not.toContain('"usage"');
    const expected = body
      .split('\n\n')
      .filter((event) => event.length > 0 && !event.includes('"choices":[]'))
      .map((event) => `${event.replace(',"usage":null', '')}\n\n`)
      .join('');
    expect(output).toBe(expected);
    // Chunks without the field are not re-encoded.
    const spaced =
      'data: {"id": "a", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": null}]}\n\n';
    const plain = openAICompatibleAdapter.chatStream({ id: 'x', created: 1, model: 'm', includeUsage: false });
    expect(plain.push(spaced)).toBe(spaced);
  });

  it('decodes its stream and whole answers into parts', () => {
    const decoder = openAICompatibleAdapter.streamParts();
    const parts = [...decoder.push(fixture('openai-tool-call-stream.sse')), ...decoder.end()];
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
    const whole = openAICompatibleAdapter.answerParts(fixture('openai-chat-completion.json'), {
      requestedModel: 'm',
      upstreamModel: 'gpt-4.1',
      id: 'x',
      created: 1,
    });
    expect(whole.parts).toEqual([
      { type: 'metadata', id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT', model: 'gpt-4.1-2025-04-14' },
      { type: 'text-delta', text: 'Hello! How can I assist you today?' },
      { type: 'usage', usage: whole.usage },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(whole.usage).toEqual({
      inputTokens: 19,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
    });
  });

  it('marks an error chunk inside a stream as an upstream error, not a completed answer', () => {
    const translator = openAICompatibleAdapter.chatStream({ id: 'x', created: 1, model: 'm', includeUsage: false });
    const output = translator.push(
      'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n' +
        'data: {"error":{"message":"Provider overloaded","code":502}}\n\n',
    );
    // Relayed as the choices-less frame OpenAI sends, which every SDK raises.
    expect(output.endsWith('data: {"error":{"message":"Provider overloaded","type":"upstream_error","code":"502"}}\n\n')).toBe(
      true,
    );
    expect(translator.upstreamError?.message).toBe('Provider overloaded');
    expect(translator.end()).toBe('');
    expect(translator.done).toBe(false);
  });

  it('treats a finish_reason followed by a close without [DONE] as complete', () => {
    const translator = openAICompatibleAdapter.chatStream({ id: 'x', created: 1, model: 'm', includeUsage: false });
    translator.push(
      'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\n',
    );
    expect(translator.end()).toBe('data: [DONE]\n\n');
    expect(translator.done).toBe(true);
  });

  it('rejects a 2xx body that is not a chat completion', () => {
    expect(() =>
      openAICompatibleAdapter.chatResponse('<html>', { requestedModel: 'm', upstreamModel: 'm', id: 'x', created: 1 }),
    ).toThrow(/not JSON/);
    expect(() =>
      openAICompatibleAdapter.chatResponse('{"ok":true}', { requestedModel: 'm', upstreamModel: 'm', id: 'x', created: 1 }),
    ).toThrow(/no choices/);
  });
});
