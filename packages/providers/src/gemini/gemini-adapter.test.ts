import { type ChatCompletionRequest, GatewayError } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { CatalogProvider } from '../catalog-types';
import { runAdapterContract } from '../contract/adapter-contract-suite';
import { parseOpenAIStream } from '../contract/parse-openai-stream';
import type { AdapterTarget } from '../provider-adapter';
import { geminiAdapter } from './gemini-adapter';
import { readFixture } from './read-fixture';

const secret = 'AIzaSyContractSecret-0123456789abcdef';

const provider: CatalogProvider = {
  id: 'google',
  adapter: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  headers: { 'x-goog-user-project': 'switchboard-tests' },
  enabled: true,
  models: [],
};

const target: AdapterTarget = { provider, upstreamModel: 'gemini-2.5-flash', apiKey: secret };

const request: ChatCompletionRequest = {
  model: 'gemini-flash',
  messages: [
    { role: 'system', content: 'Answer in one sentence.' },
    { role: 'user', content: 'Why is the sky blue?' },
  ],
  max_tokens: 200,
};

runAdapterContract({
  name: 'gemini',
  adapter: geminiAdapter,
  target,
  request,
  whole: {
    body: readFixture('generate-content.json'),
    text: 'Hello! How can I help you today?',
    finishReason: 'stop',
    usage: { inputTokens: 4, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 33, reasoningTokens: 24 },
  },
  stream: {
    body: readFixture('stream-generate-content.sse'),
    text: 'The sky looks blue because air molecules scatter short blue wavelengths of sunlight more than red ones.',
    finishReason: 'stop',
    usage: { inputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 336, reasoningTokens: 311 },
  },
  toolStream: {
    body: readFixture('stream-function-call.sse'),
    name: 'get_weather',
    arguments: { city: 'Paris', unit: 'celsius' },
  },
  error: { status: 400, body: readFixture('error-api-key-invalid.json'), messageIncludes: 'API key not valid' },
  embeddings: {
    request: { model: 'gemini-embedding', input: ['The quick brown fox', 'jumps over the lazy dog'], dimensions: 8 },
    body: readFixture('batch-embed-contents.json'),
    count: 2,
    // Gemini reports no usage: 19 + 23 characters -> ceil(42 / 4) = 11 estimated input tokens.
    usage: { inputTokens: 11, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
  },
});

describe('geminiAdapter requests', () => {
  it('calls generateContent, or streamGenerateContent with alt=sse, under the base URL', () => {
    expect(geminiAdapter.chatRequest(request, target, false).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(geminiAdapter.chatRequest(request, target, true).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('tolerates a trailing slash on the base URL and a models/ prefix on the model', () => {
    const prefixed: AdapterTarget = {
      provider: { ...provider, baseUrl: 'https://generativelanguage.googleapis.com/v1beta/' },
      upstreamModel: 'models/gemini-2.5-pro',
      apiKey: secret,
    };
    expect(geminiAdapter.chatRequest(request, prefixed, false).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent',
    );
  });

  it('sends the key only as x-goog-api-key, with JSON content type and the provider headers', () => {
    const upstream = geminiAdapter.chatRequest(request, target, true);
    expect(upstream.headers).toEqual({
      'content-type': 'application/json',
      'x-goog-user-project': 'switchboard-tests',
      'x-goog-api-key': secret,
    });
    expect(upstream.url).not.toContain('key=');
  });

  it('does not let provider headers replace the key header', () => {
    const sneaky: AdapterTarget = { ...target, provider: { ...provider, headers: { 'x-goog-api-key': 'other' } } };
    expect(geminiAdapter.chatRequest(request, sneaky, false).headers['x-goog-api-key']).toBe(secret);
  });

  it('sends the converted Gemini body, the same for whole and streamed calls', () => {
    const whole = JSON.parse(geminiAdapter.chatRequest(request, target, false).body);
    expect(whole).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Why is the sky blue?' }] }],
      systemInstruction: { parts: [{ text: 'Answer in one sentence.' }] },
      generationConfig: { maxOutputTokens: 200 },
    });
    expect(geminiAdapter.chatRequest(request, target, true).body).toBe(JSON.stringify(whole));
  });
});

describe('geminiAdapter embeddings', () => {
  const embeddingsTarget: AdapterTarget = { ...target, upstreamModel: 'gemini-embedding-001' };

  it('posts every input to batchEmbedContents with the model and dimensions', () => {
    const upstream = geminiAdapter.embeddingsRequest!(
      { model: 'embed', input: ['first', 'second'], dimensions: 8 },
      embeddingsTarget,
    );
    expect(upstream.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(upstream.headers['x-goog-api-key']).toBe(secret);
    expect(JSON.parse(upstream.body)).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'first' }] }, outputDimensionality: 8 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'second' }] }, outputDimensionality: 8 },
      ],
    });
  });

  it('accepts a single string and omits outputDimensionality when no dimensions were asked', () => {
    const upstream = geminiAdapter.embeddingsRequest!({ model: 'embed', input: 'only one' }, embeddingsTarget);
    expect(JSON.parse(upstream.body)).toEqual({
      requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'only one' }] } }],
    });
  });

  it('refuses token arrays and empty input with a 400', () => {
    for (const input of [[1, 2, 3], [[1, 2]], []]) {
      const call = () => geminiAdapter.embeddingsRequest!({ model: 'embed', input }, embeddingsTarget);
      expect(call).toThrow(GatewayError);
      try {
        call();
      } catch (error) {
        expect((error as GatewayError).status).toBe(400);
        expect((error as GatewayError).param).toBe('input');
      }
    }
    expect(() => geminiAdapter.embeddingsRequest!({ model: 'embed', input: [[1, 2]] }, embeddingsTarget)).toThrow(/token arrays/);
  });

  it('converts the embeddings in order and estimates usage from the request when it is given', () => {
    const embeddingsRequest = { model: 'embed', input: ['The quick brown fox', 'jumps over the lazy dog'] };
    const context = { requestedModel: 'embed', upstreamModel: 'gemini-embedding-001', request: embeddingsRequest };
    const result = geminiAdapter.embeddingsResponse!(readFixture('batch-embed-contents.json'), context);
    expect(result.response.model).toBe('gemini-embedding-001');
    expect(result.response.data[0]).toEqual({
      object: 'embedding',
      index: 0,
      embedding: [-0.0190541, 0.0135726, 0.0089317, -0.0714526, 0.0024118, -0.0231862, 0.0403917, 0.0115583],
    });
    expect(result.response.data[1]?.embedding).toHaveLength(8);
    // 19 + 23 characters -> ceil(42 / 4) = 11.
    expect(result.usage.inputTokens).toBe(11);
    expect(result.response.usage).toEqual({ prompt_tokens: 11, total_tokens: 11 });
  });

  it('fails clearly on a body without embeddings', () => {
    expect(() =>
      geminiAdapter.embeddingsResponse!('{}', { requestedModel: 'e', upstreamModel: 'e', request: { model: 'e', input: 'x' } }),
    ).toThrow(/no embeddings/);
    expect(() =>
      geminiAdapter.embeddingsResponse!('not json', {
        requestedModel: 'e',
        upstreamModel: 'e',
        request: { model: 'e', input: 'x' },
      }),
    ).toThrow(/not JSON/);
  });
});

describe('geminiAdapter errorDetails', () => {
  it('reads the status name and the ErrorInfo reason', () => {
    expect(geminiAdapter.errorDetails(400, readFixture('error-api-key-invalid.json'))).toEqual({
      message: 'API key not valid. Please pass a valid API key.',
      type: 'INVALID_ARGUMENT',
      code: 'API_KEY_INVALID',
    });
  });

  it('falls back to the status name when no detail has a reason', () => {
    const details = geminiAdapter.errorDetails(429, readFixture('error-resource-exhausted.json'));
    expect(details.message).toMatch(/^You exceeded your current quota/);
    expect(details.type).toBe('RESOURCE_EXHAUSTED');
    expect(details.code).toBe('RESOURCE_EXHAUSTED');
  });

  it('reads an error wrapped in an array, as the JSON-array stream framing sends it', () => {
    const body = JSON.stringify([{ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } }]);
    expect(geminiAdapter.errorDetails(500, body).message).toBe('Internal error encountered.');
  });

  it('describes the status when the body is not a Google error', () => {
    expect(geminiAdapter.errorDetails(502, '<html>Bad gateway</html>').message).toBe('Gemini: upstream answered 502 Bad Gateway');
    expect(geminiAdapter.errorDetails(503, '').message).toContain('503');
    expect(geminiAdapter.errorDetails(404, '{"unexpected":true}').message).toContain('404');
  });

  it('names the status when Google sends no message', () => {
    expect(geminiAdapter.errorDetails(500, '{"error":{"code":500,"status":"INTERNAL"}}').message).toBe('Gemini error INTERNAL');
  });
});

describe('geminiAdapter streams', () => {
  const context = { id: 'chatcmpl-test', created: 1_700_000_000, model: 'requested-model', includeUsage: false };

  function run(body: string, includeUsage = false) {
    const translator = geminiAdapter.chatStream({ ...context, includeUsage });
    const output = translator.push(body) + translator.end();
    return { translator, output, parsed: parseOpenAIStream(output) };
  }

  it('puts the role on the first chunk only and names the model from modelVersion', () => {
    const { parsed, translator } = run(readFixture('stream-generate-content.sse'), true);
    expect(parsed.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: 'The sky looks blue because' });
    expect(parsed.chunks.slice(1).every((chunk) => chunk.choices[0]?.delta.role === undefined)).toBe(true);
    for (const chunk of parsed.chunks)
      expect(chunk).toMatchObject({ id: 'chatcmpl-test', created: 1_700_000_000, model: 'gemini-2.5-flash' });
    expect(parsed.chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 7,
      completion_tokens: 336,
      total_tokens: 343,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 311 },
    });
    expect(translator.deliveredCharacters).toBe(parsed.text.length);
  });

  it('sends a function call as one tool_calls delta with its name and arguments', () => {
    const { parsed, translator } = run(readFixture('stream-function-call.sse'));
    expect(parsed.toolCalls).toEqual([
      { id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
    ]);
    expect(parsed.chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(parsed.finishReason).toBe('tool_calls');
    expect(translator.deliveredCharacters).toBe('{"city":"Paris","unit":"celsius"}'.length);
  });

  it('maps a blocked prompt to content_filter', () => {
    const body = `data: ${JSON.stringify({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 12 } })}\r\n\r\n`;
    const { parsed, translator } = run(body);
    expect(parsed.finishReason).toBe('content_filter');
    expect(parsed.done).toBe(true);
    expect(translator.usage?.inputTokens).toBe(12);
  });

  it('ends a stream that carried an error with the choices-less error frame, without usage or [DONE]', () => {
    const { output, parsed, translator } = run(readFixture('stream-error.sse'), true);
    const error = { message: 'The model is overloaded. Please try again later.', type: 'UNAVAILABLE', code: 'UNAVAILABLE' };
    expect(translator.upstreamError).toEqual(error);
    expect(translator.done).toBe(false);
    expect(output).not.toContain('[DONE]');
    expect(parsed.text).toBe('Once upon a time');
    expect(parsed.chunks.at(-1)).toEqual({ error });
    expect(parsed.chunks.filter((chunk) => chunk.usage)).toHaveLength(0);
  });

  it('falls back to the context model when Gemini names none', () => {
    const { parsed } = run(
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] })}\r\n\r\n`,
    );
    expect(parsed.chunks[0]?.model).toBe('requested-model');
  });
});

describe('geminiAdapter parts', () => {
  it('decodes a whole answer with thoughts and parallel function calls into parts', () => {
    const { parts, usage } = geminiAdapter.answerParts(readFixture('generate-content-thinking-tools.json'), {
      requestedModel: 'gemini-pro',
      upstreamModel: 'gemini-2.5-pro',
      id: 'chatcmpl-whole',
      created: 1,
    });
    expect(parts[0]).toMatchObject({ type: 'metadata', id: 'chatcmpl-whole' });
    expect(parts.filter((part) => part.type === 'tool-call-start').map((part) => part.index)).toEqual([0, 1]);
    expect(parts.some((part) => part.type === 'reasoning-delta')).toBe(true);
    expect(parts.at(-2)).toEqual({ type: 'usage', usage });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('decodes a blocked prompt into a content-filter finish', () => {
    const { parts } = geminiAdapter.answerParts(readFixture('generate-content-blocked-prompt.json'), {
      requestedModel: 'gemini-pro',
      upstreamModel: 'gemini-2.5-pro',
      id: 'chatcmpl-whole',
      created: 1,
    });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'content-filter' });
  });

  it('decodes its stream into parts', () => {
    const decoder = geminiAdapter.streamParts();
    const parts = [...decoder.push(readFixture('stream-generate-content.sse')), ...decoder.end()];
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});
