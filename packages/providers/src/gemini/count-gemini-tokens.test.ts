import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { geminiAdapter } from './gemini-adapter';
import { readFixture } from './read-fixture';

const target: AdapterTarget = {
  provider: {
    id: 'gemini',
    adapter: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    enabled: true,
    models: [],
  },
  upstreamModel: 'models/gemini-2.5-flash',
  apiKey: 'AIza-provider-key',
};

const chat: ChatCompletionRequest = {
  model: 'flash',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris?' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ],
  max_tokens: 100,
  temperature: 0.3,
};

describe('gemini countTokens', () => {
  it('posts a generateContentRequest with the system instruction and the tools, the key in a header', () => {
    const request = geminiAdapter.countTokensRequest!(undefined, chat, target);
    expect(request.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens');
    expect(request.url).not.toContain('AIza');
    expect(request.headers).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'AIza-provider-key' });
    expect(JSON.parse(request.body)).toEqual({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        contents: [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }],
        tools: [
          {
            functionDeclarations: [
              {
                name: 'weather',
                description: 'Current weather',
                parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
              },
            ],
          },
        ],
      },
    });
  });

  it('reads totalTokens from the answer, absent meaning zero as Google omits zero values', () => {
    expect(geminiAdapter.countTokensResponse!(readFixture('count-tokens.json'))).toBe(31);
    expect(geminiAdapter.countTokensResponse!('{}')).toBe(0);
  });

  it('refuses an answer that is not a count', () => {
    expect(() => geminiAdapter.countTokensResponse!('[]')).toThrow(UpstreamProtocolError);
    expect(() => geminiAdapter.countTokensResponse!('{"totalTokens":"31"}')).toThrow(UpstreamProtocolError);
    expect(() => geminiAdapter.countTokensResponse!('<html>')).toThrow(UpstreamProtocolError);
  });
});
