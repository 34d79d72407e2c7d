import { describe, expect, it } from 'vitest';
import type { AdapterTarget, NativeRequest } from '../provider-adapter';
import { openAIResponsesRequest } from './openai-responses-request';

const openai: AdapterTarget = {
  provider: {
    id: 'openai',
    adapter: 'openai-compatible',
    baseUrl: 'https://api.openai.com/v1',
    responsesApi: true,
    enabled: true,
    models: [],
  },
  upstreamModel: 'gpt-5-2025-08-07',
  apiKey: 'sk-proj-gateway-key',
};
const azure: AdapterTarget = {
  provider: {
    id: 'azure',
    adapter: 'azure-openai',
    baseUrl: 'https://contoso.openai.azure.com/',
    apiVersion: '2024-10-21',
    responsesApi: true,
    enabled: true,
    models: [],
  },
  upstreamModel: 'gpt-5-prod',
  apiKey: 'azure-gateway-key',
};

// A Codex-style body: every field the gateway does not own must arrive as it was sent.
function clientBody(): Record<string, unknown> {
  return {
    model: 'gpt-5',
    instructions: 'You are Codex.',
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: read-only.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files.' }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAAB+/sealed==' },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a.txt\nb.txt' },
    ],
    tools: [
      { type: 'function', name: 'shell', parameters: { type: 'object' }, strict: false },
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      { type: 'web_search' },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    reasoning: { effort: 'high', summary: 'auto' },
    store: false,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'session-7f3a',
    stream: true,
    some_future_field: { nested: [1, 2, 3] },
  };
}

function native(headers: Record<string, string> = {}): NativeRequest {
  return { body: clientBody(), headers };
}

describe('openAIResponsesRequest', () => {
  it('posts every field untouched, in its order, with only the model replaced, to {baseUrl}/responses', () => {
    const upstream = openAIResponsesRequest(native(), openai, true);
    expect(upstream.url).toBe('https://api.openai.com/v1/responses');
    expect(upstream.method).toBe('POST');
    const sent = JSON.parse(upstream.body);
    expect(sent).toEqual({ ...clientBody(), model: 'gpt-5-2025-08-07' });
    expect(Object.keys(sent)).toEqual(Object.keys(clientBody()));
    // Encrypted reasoning must come back byte for byte, so the text is compared, not the value.
    expect(upstream.body).toContain('"encrypted_content":"gAAAAAB+/sealed=="');
  });

  it('sets stream as the gateway asks: replaced in place, added when streaming, left out otherwise', () => {
    expect(JSON.parse(openAIResponsesRequest(native(), openai, false).body).stream).toBe(false);
    const { stream: _stream, ...withoutStream } = clientBody();
    const whole = JSON.parse(openAIResponsesRequest({ body: withoutStream, headers: {} }, openai, false).body);
    expect(whole).toEqual({ ...withoutStream, model: 'gpt-5-2025-08-07' });
    expect(whole).not.toHaveProperty('stream');
    expect(JSON.parse(openAIResponsesRequest({ body: withoutStream, headers: {} }, openai, true).body).stream).toBe(true);
  });

  it('does not change the client body it was given', () => {
    const request = native();
    openAIResponsesRequest(request, openai, false);
    expect(request.body).toEqual(clientBody());
  });

  it("sends the gateway's key as a Bearer token, never the client's credentials, and forwards only OpenAI-Beta", () => {
    const upstream = openAIResponsesRequest(
      native({
        authorization: 'Bearer sk-sb-client',
        'x-api-key': 'sk-sb-client',
        'OpenAI-Beta': 'responses=experimental',
        'x-other': 'no',
      }),
      openai,
      true,
    );
    expect(upstream.headers).toEqual({
      'openai-beta': 'responses=experimental',
      'content-type': 'application/json',
      authorization: 'Bearer sk-proj-gateway-key',
    });
  });

  it("keeps the provider's headers below ours, whatever their case", () => {
    const configured: AdapterTarget = {
      ...openai,
      provider: {
        ...openai.provider,
        headers: { 'OpenAI-Organization': 'org-1', Authorization: 'Bearer configured', 'Content-Type': 'text/plain' },
      },
    };
    expect(openAIResponsesRequest(native(), configured, false).headers).toEqual({
      'openai-organization': 'org-1',
      authorization: 'Bearer sk-proj-gateway-key',
      'content-type': 'application/json',
    });
    const keyless = openAIResponsesRequest(native(), { ...configured, apiKey: '' }, false);
    expect(keyless.headers).not.toHaveProperty('authorization');
  });

  it('calls Azure at its v1 Responses endpoint with the deployment as the model and an api-key header', () => {
    const upstream = openAIResponsesRequest(native({ authorization: 'Bearer sk-sb-client' }), azure, true);
    expect(upstream.url).toBe('https://contoso.openai.azure.com/openai/v1/responses');
    expect(upstream.headers).toEqual({ 'content-type': 'application/json', 'api-key': 'azure-gateway-key' });
    expect(JSON.parse(upstream.body)).toEqual({ ...clientBody(), model: 'gpt-5-prod' });
  });

  it("follows Azure's api-version: preview on v1, a dated preview on the older form", () => {
    const withVersion = (apiVersion: string | undefined): string =>
      openAIResponsesRequest(native(), { ...azure, provider: { ...azure.provider, apiVersion } }, false).url;
    expect(withVersion(undefined)).toBe('https://contoso.openai.azure.com/openai/v1/responses');
    expect(withVersion('preview')).toBe('https://contoso.openai.azure.com/openai/v1/responses?api-version=preview');
    expect(withVersion('2025-04-01-preview')).toBe(
      'https://contoso.openai.azure.com/openai/responses?api-version=2025-04-01-preview',
    );
    expect(withVersion('2024-12-01-preview')).toBe('https://contoso.openai.azure.com/openai/v1/responses');
  });

  it('drops a configured Authorization header on Azure, where the key goes in api-key', () => {
    const configured: AdapterTarget = {
      ...azure,
      provider: { ...azure.provider, headers: { Authorization: 'Bearer other', 'X-Team': 'a' } },
    };
    expect(openAIResponsesRequest(native(), configured, false).headers).toEqual({
      'x-team': 'a',
      'content-type': 'application/json',
      'api-key': 'azure-gateway-key',
    });
  });
});
