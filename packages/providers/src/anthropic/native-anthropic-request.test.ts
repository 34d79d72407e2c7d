import { describe, expect, it } from 'vitest';
import type { AdapterTarget, NativeRequest } from '../provider-adapter';
import { anthropicAdapter } from './anthropic-adapter';
import { nativeAnthropicRequest } from './native-anthropic-request';

const anthropic: AdapterTarget = {
  provider: { id: 'anthropic', adapter: 'anthropic', baseUrl: 'https://api.anthropic.com', enabled: true, models: [] },
  upstreamModel: 'claude-sonnet-4-5-20250929',
  apiKey: 'sk-ant-api03-gateway-key',
};

// A Claude Code style body: every field the gateway does not own must arrive as it was sent.
function clientBody(): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 32000,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: 'Project rules.', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'List the files.' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should use Bash.', signature: 'EqQBCkYIBxgCKkDxx+/==' },
          { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'a.txt\nb.txt' }] },
    ],
    tools: [{ name: 'Bash', input_schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' } }],
    tool_choice: { type: 'auto' },
    thinking: { type: 'enabled', budget_tokens: 31999 },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    metadata: { user_id: 'user_abc_account_def_session_ghi' },
    some_future_field: { nested: [1, 2, 3] },
    stream: true,
  };
}

function native(headers: Record<string, string> = {}): NativeRequest {
  return { body: clientBody(), headers };
}

describe('anthropicAdapter.nativeRequest', () => {
  it('is the adapter method', () => {
    expect(anthropicAdapter.nativeRequest).toBe(nativeAnthropicRequest);
  });

  it('sends every request field untouched, in its order, with only the model replaced', () => {
    const upstream = nativeAnthropicRequest(native(), anthropic, true);
    expect(upstream.url).toBe('https://api.anthropic.com/v1/messages');
    expect(upstream.method).toBe('POST');
    const sent = JSON.parse(upstream.body);
    expect(sent).toEqual({ ...clientBody(), model: 'claude-sonnet-4-5-20250929' });
    expect(Object.keys(sent)).toEqual(Object.keys(clientBody()));
    // The thinking signature must come back byte for byte, so the text is compared, not the value.
    expect(upstream.body).toContain('"signature":"EqQBCkYIBxgCKkDxx+/=="');
  });

  it('sets stream as the gateway asks: replaced in place, added when streaming, left out otherwise', () => {
    expect(JSON.parse(nativeAnthropicRequest(native(), anthropic, false).body).stream).toBe(false);
    const { stream: _stream, ...withoutStream } = clientBody();
    const whole = JSON.parse(nativeAnthropicRequest({ body: withoutStream, headers: {} }, anthropic, false).body);
    expect(whole).toEqual({ ...withoutStream, model: 'claude-sonnet-4-5-20250929' });
    expect(whole).not.toHaveProperty('stream');
    const streamed = JSON.parse(nativeAnthropicRequest({ body: withoutStream, headers: {} }, anthropic, true).body);
    expect(streamed.stream).toBe(true);
  });

  it('does not change the client body it was given', () => {
    const request = native();
    nativeAnthropicRequest(request, anthropic, false);
    expect(request.body).toEqual(clientBody());
  });

  it("forwards the client's anthropic-version and anthropic-beta, unknown betas included, and swaps in the gateway's key", () => {
    const upstream = nativeAnthropicRequest(
      native({
        'anthropic-version': '2026-10-21',
        'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,some-future-beta-2031-01-01',
      }),
      anthropic,
      true,
    );
    expect(upstream.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2026-10-21',
      'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,some-future-beta-2031-01-01',
      'x-api-key': 'sk-ant-api03-gateway-key',
    });
  });

  it("never forwards the client's own credentials or other headers", () => {
    const upstream = nativeAnthropicRequest(
      native({ 'x-api-key': 'sk-sb-client-gateway-key', authorization: 'Bearer sk-sb-client', 'x-other': 'no' }),
      anthropic,
      false,
    );
    expect(upstream.headers['x-api-key']).toBe('sk-ant-api03-gateway-key');
    expect(upstream.headers).not.toHaveProperty('authorization');
    expect(upstream.headers).not.toHaveProperty('x-other');
  });

  it("falls back to the provider's apiVersion, then the default, and keeps the provider's headers below ours", () => {
    const configured: AdapterTarget = {
      ...anthropic,
      provider: {
        ...anthropic.provider,
        apiVersion: '2024-01-01',
        headers: { 'X-Team': 'search', 'X-Api-Key': 'configured-key', 'Anthropic-Beta': 'configured-beta' },
      },
    };
    expect(nativeAnthropicRequest(native(), configured, false).headers).toEqual({
      'x-team': 'search',
      'anthropic-beta': 'configured-beta',
      'content-type': 'application/json',
      'anthropic-version': '2024-01-01',
      'x-api-key': 'sk-ant-api03-gateway-key',
    });
    expect(nativeAnthropicRequest(native({ 'anthropic-beta': 'client-beta' }), configured, false).headers['anthropic-beta']).toBe(
      'client-beta',
    );
    expect(nativeAnthropicRequest(native(), anthropic, false).headers['anthropic-version']).toBe('2023-06-01');
  });

  it("goes to a provider's Anthropic endpoint when it has one (DeepSeek), with that provider's key", () => {
    const deepseek: AdapterTarget = {
      provider: {
        id: 'deepseek',
        adapter: 'openai-compatible',
        baseUrl: 'https://api.deepseek.com',
        anthropicBaseUrl: 'https://api.deepseek.com/anthropic/',
        enabled: true,
        models: [],
      },
      upstreamModel: 'deepseek-v4-pro',
      apiKey: 'sk-deepseek-gateway-key',
    };
    const upstream = nativeAnthropicRequest(native({ 'anthropic-version': '2023-06-01' }), deepseek, true);
    expect(upstream.url).toBe('https://api.deepseek.com/anthropic/v1/messages');
    expect(upstream.headers['x-api-key']).toBe('sk-deepseek-gateway-key');
    expect(JSON.parse(upstream.body)).toEqual({ ...clientBody(), model: 'deepseek-v4-pro' });
  });

  it('sends no key header to a key-less server', () => {
    expect(nativeAnthropicRequest(native(), { ...anthropic, apiKey: '' }, false).headers).not.toHaveProperty('x-api-key');
  });
});
