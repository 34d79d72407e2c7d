import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { anthropicAdapter } from '../anthropic/anthropic-adapter';
import type { CatalogProvider } from '../catalog-types';
import { runAdapterContract } from '../contract/adapter-contract-suite';
import type { AdapterTarget } from '../provider-adapter';
import { ProviderKeyFormatError } from '../provider-key-format-error';
import { bedrockAdapter, bedrockRegion } from './bedrock-adapter';
import type { BedrockConverseRequest } from './bedrock-api';
import { bedrockSecretPieces, parseBedrockCredentials } from './bedrock-credentials';
import { type EventStreamFrame, encodeEventStream } from './encode-event-stream';
import { readBedrockFixture, readBedrockStreamFixture } from './read-bedrock-fixture';
import { signBedrockRequest } from './sign-bedrock-request';

// AWS's documented example key pair.
const accessKeyId = 'AKIAIOSFODNN7EXAMPLE';
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const secret = JSON.stringify({ accessKeyId, secretAccessKey });

const provider: CatalogProvider = {
  id: 'bedrock',
  adapter: 'bedrock',
  baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  region: 'us-east-1',
  enabled: true,
  models: [],
};

const target: AdapterTarget = { provider, upstreamModel: 'us.anthropic.claude-sonnet-4-20250514-v1:0', apiKey: secret };

const request: ChatCompletionRequest = {
  model: 'claude-sonnet-4',
  messages: [
    { role: 'system', content: 'Answer in one sentence.' },
    { role: 'user', content: 'Why is the sky blue?' },
  ],
  max_tokens: 200,
};

runAdapterContract({
  name: 'bedrock',
  adapter: bedrockAdapter,
  target,
  request,
  whole: {
    body: readBedrockFixture('converse-response.json'),
    text: 'The sky is blue because air scatters blue light more than red light.',
    finishReason: 'stop',
    usage: { inputTokens: 1036, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 15, reasoningTokens: 0 },
  },
  stream: {
    body: readBedrockStreamFixture('converse-stream.json'),
    text: 'The sky looks blue because air scatters blue light most.',
    finishReason: 'stop',
    usage: { inputTokens: 14, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 11, reasoningTokens: 0 },
  },
  toolStream: {
    body: readBedrockStreamFixture('converse-stream-tool-use.json'),
    name: 'get_weather',
    arguments: { city: 'Paris', unit: 'celsius' },
  },
  error: { status: 400, body: readBedrockFixture('error-validation-context.json'), messageIncludes: 'Input is too long' },
});

function body(built: { body: string }): BedrockConverseRequest {
  return JSON.parse(built.body) as BedrockConverseRequest;
}

describe('bedrock credentials', () => {
  it('reads the JSON and the colon spellings, with and without a session token', () => {
    expect(parseBedrockCredentials(secret)).toEqual({ accessKeyId, secretAccessKey });
    expect(parseBedrockCredentials(`${accessKeyId}:${secretAccessKey}:FwoGZXIvYXdzEXAMPLETOKEN`)).toEqual({
      accessKeyId,
      secretAccessKey,
      sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
    });
    expect(
      parseBedrockCredentials(JSON.stringify({ accessKeyId, secretAccessKey, sessionToken: 'T0KEN-value' })).sessionToken,
    ).toBe('T0KEN-value');
  });

  it('refuses other shapes without repeating the secret', () => {
    for (const bad of ['sk-not-aws', `${accessKeyId}:`, 'lowercase-id:wJalrXUtnFEMI/K7MDENG', '{"accessKeyId":1}', '{oops']) {
      try {
        parseBedrockCredentials(bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderKeyFormatError);
        expect((error as Error).message).not.toContain('wJalrXUtnFEMI');
      }
    }
  });

  it('names the secret parts for the redactor', () => {
    expect(bedrockSecretPieces(`${accessKeyId}:${secretAccessKey}:SESSIONTOKEN123`)).toEqual([
      secretAccessKey,
      'SESSIONTOKEN123',
    ]);
    expect(bedrockSecretPieces('garbage')).toEqual([]);
  });
});

describe('bedrock requests', () => {
  it('calls converse and converse-stream with the model id encoded in one path segment', () => {
    expect(bedrockAdapter.chatRequest(request, target, false).url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse',
    );
    expect(bedrockAdapter.chatRequest(request, target, true).url).toMatch(/\/converse-stream$/);
  });

  it('encodes system, tools, images, cache points and tool results', () => {
    const built = body(
      bedrockAdapter.chatRequest(
        {
          model: 'claude',
          messages: [
            { role: 'system', content: [{ type: 'text', text: 'Long instructions', cache_control: { type: 'ephemeral' } }] },
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is here?' },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              ],
            },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
            },
            { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
          ],
          tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
          tool_choice: 'required',
          temperature: 0.2,
          stop: ['END'],
        },
        target,
        false,
      ),
    );
    expect(built.system).toEqual([{ text: 'Long instructions' }, { cachePoint: { type: 'default' } }]);
    expect(built.messages[0]?.content[1]).toEqual({ image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } });
    expect(built.messages[1]?.content[0]).toEqual({
      toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
    });
    expect(built.messages[2]).toEqual({
      role: 'user',
      content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: '18°C' }] } }],
    });
    expect(built.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: {} } } } }],
      toolChoice: { any: {} },
    });
    expect(built.inferenceConfig).toEqual({ temperature: 0.2, stopSequences: ['END'] });
  });

  it('asks Claude for thinking through additionalModelRequestFields, with room above the budget', () => {
    const built = body(bedrockAdapter.chatRequest({ ...request, reasoning_effort: 'low', max_tokens: 1000 }, target, false));
    expect(built.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(built.inferenceConfig?.maxTokens).toBe(3048);
    const toolLoop = body(
      bedrockAdapter.chatRequest(
        {
          ...request,
          reasoning_effort: 'low',
          tools: [{ type: 'function', function: { name: 'get_weather' } }],
          messages: [
            { role: 'user', content: 'Weather?' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
            },
            { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
          ],
        },
        target,
        false,
      ),
    );
    expect(toolLoop.additionalModelRequestFields).toBeUndefined();
    const nova = body(
      bedrockAdapter.chatRequest(
        { ...request, reasoning_effort: 'low' },
        { ...target, upstreamModel: 'amazon.nova-pro-v1:0' },
        false,
      ),
    );
    expect(nova.additionalModelRequestFields).toBeUndefined();
  });

  it('refuses image URLs, which Converse cannot fetch', () => {
    expect(() =>
      bedrockAdapter.chatRequest(
        {
          model: 'x',
          messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
        },
        target,
        false,
      ),
    ).toThrow(/data URLs/);
  });

  it('signs with SigV4: the Authorization shape, the date and the session token', async () => {
    const date = new Date('2026-12-03T10:00:00Z');
    const built = bedrockAdapter.chatRequest(request, target, false);
    const signed = await signBedrockRequest(built, { accessKeyId, secretAccessKey, sessionToken: 'SESSION' }, 'us-east-1', date);
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20261203\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers['x-amz-date']).toBe('20261203T100000Z');
    expect(signed.headers['x-amz-security-token']).toBe('SESSION');
    expect(signed.headers.host).toBeUndefined();
    // The signature covers the body: another body, another signature.
    const other = await signBedrockRequest({ ...built, body: '{}' }, { accessKeyId, secretAccessKey }, 'us-east-1', date);
    expect(other.headers.authorization!.slice(-64)).not.toBe(signed.headers.authorization!.slice(-64));
  });

  it('takes the region from the field, else from the base URL', () => {
    expect(
      bedrockRegion({
        ...target,
        provider: { ...provider, region: undefined, baseUrl: 'https://bedrock-runtime.eu-west-3.amazonaws.com' },
      }),
    ).toBe('eu-west-3');
    expect(() =>
      bedrockRegion({ ...target, provider: { ...provider, region: undefined, baseUrl: 'http://127.0.0.1:9000/b' } }),
    ).toThrow(ProviderKeyFormatError);
  });
});

describe('bedrock answers', () => {
  const context = { requestedModel: 'claude', upstreamModel: target.upstreamModel, id: 'chatcmpl-1', created: 1 };

  it('decodes reasoning with its signature, text, a tool call and cache-write usage', () => {
    const { parts, usage } = bedrockAdapter.answerParts(readBedrockFixture('converse-reasoning-tool-response.json'), context);
    expect(parts).toContainEqual({ type: 'reasoning-signature', signature: 'EqQBCkYIBxgCKkBmZXhhbXBsZS1zaWduYXR1cmU=' });
    expect(parts).toContainEqual({
      type: 'tool-call-start',
      index: 0,
      id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
      name: 'get_weather',
    });
    expect(usage).toEqual({
      inputTokens: 2410,
      cachedInputTokens: 0,
      cacheWriteTokens: 2000,
      outputTokens: 96,
      reasoningTokens: 0,
    });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
    const chat = bedrockAdapter.chatResponse(readBedrockFixture('converse-reasoning-tool-response.json'), context);
    expect(chat.completion.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe('{"city":"Paris"}');
    expect(chat.completion.choices[0]?.message.reasoning_content).toMatch(/call the tool/);
  });

  it('streams reasoning, its signature and the cache-read usage before the finish', () => {
    const decoder = bedrockAdapter.streamParts();
    const parts = [...decoder.push(readBedrockStreamFixture('converse-stream-tool-use.json')), ...decoder.end()];
    expect(parts.slice(0, 2)).toEqual([
      { type: 'reasoning-delta', text: 'I need the weather tool.' },
      { type: 'reasoning-signature', signature: 'EqQBCkYIBxgCKkBmZXhhbXBsZS1zaWduYXR1cmU=' },
    ]);
    expect(parts.at(-2)).toEqual({
      type: 'usage',
      usage: { inputTokens: 1404, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 58, reasoningTokens: 0 },
    });
  });

  it('ends with an error part at an exception frame', () => {
    const decoder = bedrockAdapter.streamParts();
    const parts = [...decoder.push(readBedrockStreamFixture('converse-stream-throttled.json')), ...decoder.end()];
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        message: 'Too many tokens, please wait before trying again.',
        type: 'throttlingException',
        code: 'throttlingException',
      },
    });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('refuses a frame whose CRC does not match', () => {
    const bytes = Buffer.from(readBedrockStreamFixture('converse-stream.json'), 'latin1');
    bytes[20] = bytes[20]! ^ 0xff;
    expect(() => bedrockAdapter.streamParts().push(bytes.toString('latin1'))).toThrow();
  });
});

describe('bedrock errors', () => {
  it('classifies a too-long prompt, a denied key and throttling', () => {
    expect(bedrockAdapter.errorDetails(400, readBedrockFixture('error-validation-context.json')).code).toBe(
      'context_length_exceeded',
    );
    expect(bedrockAdapter.errorDetails(403, readBedrockFixture('error-access-denied.json'))).toMatchObject({
      classifyAs: 401,
      type: 'AccessDeniedException',
    });
    const throttled = bedrockAdapter.errorDetails(429, readBedrockFixture('error-throttling.json'));
    expect(throttled.message).toMatch(/Too many requests/);
    expect(throttled.classifyAs).toBeUndefined();
    expect(bedrockAdapter.errorDetails(424, '{"message":"The model failed"}').classifyAs).toBe(502);
  });
});

describe('bedrock InvokeModel for Messages clients asking Claude', () => {
  const nativeBody = {
    model: 'claude-on-bedrock',
    max_tokens: 1024,
    stream: true,
    system: [{ type: 'text', text: 'Long instructions', cache_control: { type: 'ephemeral' } }],
    thinking: { type: 'enabled', budget_tokens: 2048 },
    messages: [{ role: 'user', content: 'Hello' }],
  };
  const neutral = {
    surface: 'messages' as const,
    chat: request,
    native: {
      format: 'anthropic-messages' as const,
      body: nativeBody,
      headers: { 'anthropic-beta': 'context-1m-2025-08-07, interleaved-thinking-2025-05-14' },
    },
    droppedFields: [],
  };

  it("sends the client's own body with Bedrock's envelope: no model or stream, anthropic_version and anthropic_beta", () => {
    const built = bedrockAdapter.chatRequest(request, target, true, neutral);
    expect(built.url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream',
    );
    expect(JSON.parse(built.body)).toEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 1024,
      system: nativeBody.system,
      thinking: nativeBody.thinking,
      messages: nativeBody.messages,
      anthropic_beta: ['context-1m-2025-08-07', 'interleaved-thinking-2025-05-14'],
    });
    expect(bedrockAdapter.chatRequest(request, target, false, neutral).url).toMatch(/\/invoke$/);
    // Not Claude, or not a Messages client: Converse.
    expect(bedrockAdapter.chatRequest(request, { ...target, upstreamModel: 'amazon.nova-pro-v1:0' }, true, neutral).url).toMatch(
      /converse-stream$/,
    );
    expect(bedrockAdapter.chatRequest(request, target, true).url).toMatch(/converse-stream$/);
  });

  it("decodes InvokeModel's chunk events with the anthropic decoder, signatures included", () => {
    const sse = readFileSync(new URL('../anthropic/__fixtures__/messages-thinking-stream.sse', import.meta.url), 'utf8');
    const events = sse
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length));
    const frames: EventStreamFrame[] = events.map((event) => ({
      messageType: 'event',
      type: 'chunk',
      payload: { bytes: Buffer.from(event).toString('base64') },
    }));
    const stream = encodeEventStream(frames).toString('latin1');
    const viaBedrock = bedrockAdapter.streamParts();
    const parts = [...viaBedrock.push(stream.slice(0, 100)), ...viaBedrock.push(stream.slice(100)), ...viaBedrock.end()];
    const direct = anthropicAdapter.streamParts();
    expect(parts).toEqual([...direct.push(sse), ...direct.end()]);
    expect(parts.some((part) => part.type === 'reasoning-signature')).toBe(true);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('reads a whole InvokeModel answer as an Anthropic message', () => {
    const body = readFileSync(new URL('../anthropic/__fixtures__/messages-response.json', import.meta.url), 'utf8');
    const context = { requestedModel: 'claude', upstreamModel: target.upstreamModel, id: 'chatcmpl-1', created: 1 };
    expect(bedrockAdapter.answerParts(body, context)).toEqual(anthropicAdapter.answerParts(body, context));
    expect(bedrockAdapter.chatResponse(body, context).completion.choices[0]?.message.content).toBe('Hi! My name is Claude.');
  });
});
