import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { anthropicAdapter } from './anthropic-adapter';

const target: AdapterTarget = {
  provider: {
    id: 'anthropic',
    adapter: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    enabled: true,
    models: [],
    headers: { 'X-Api-Key': 'smuggled', 'x-team': 'blue' },
  },
  upstreamModel: 'claude-sonnet-4-5-20250929',
  apiKey: 'sk-ant-provider-key',
};

const chat: ChatCompletionRequest = {
  model: 'claude',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello' },
  ],
  max_tokens: 100,
  temperature: 0.2,
  stream: true,
};

const nativeBody = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32_000,
  stream: true,
  temperature: 1,
  top_k: 5,
  top_p: 0.9,
  stop_sequences: ['END'],
  metadata: { user_id: 'user_1' },
  service_tier: 'auto',
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'List files' }] }],
  tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: {} } }],
  tool_choice: { type: 'auto' },
  thinking: { type: 'enabled', budget_tokens: 4000 },
  context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
};

describe('anthropic count_tokens', () => {
  it('sends the client body minus the fields count_tokens refuses, with the upstream model and our key', () => {
    const request = anthropicAdapter.countTokensRequest!(
      { body: nativeBody, headers: { 'anthropic-version': '2026-10-21', 'anthropic-beta': 'context-management-2025-06-27' } },
      chat,
      target,
    );
    expect(request.url).toBe('https://api.anthropic.com/v1/messages/count_tokens');
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2026-10-21',
      'anthropic-beta': 'context-management-2025-06-27',
      'x-api-key': 'sk-ant-provider-key',
      'x-team': 'blue',
    });
    expect(JSON.parse(request.body)).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      system: nativeBody.system,
      messages: nativeBody.messages,
      tools: nativeBody.tools,
      tool_choice: nativeBody.tool_choice,
      thinking: nativeBody.thinking,
      context_management: nativeBody.context_management,
    });
    // The client's body is not edited in place: the messages call may still need it whole.
    expect(nativeBody.max_tokens).toBe(32_000);
  });

  it('encodes a chat request as for messages when there is no native body', () => {
    const request = anthropicAdapter.countTokensRequest!(undefined, chat, {
      ...target,
      provider: { ...target.provider, headers: undefined },
      apiKey: '',
    });
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['x-api-key']).toBeUndefined();
    expect(request.headers['anthropic-beta']).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });

  it('reads input_tokens from the answer', () => {
    const body = readFileSync(new URL('./__fixtures__/count-tokens-response.json', import.meta.url), 'utf8');
    expect(anthropicAdapter.countTokensResponse!(body)).toBe(2095);
  });

  it('refuses an answer without a count', () => {
    expect(() => anthropicAdapter.countTokensResponse!('{"type":"message"}')).toThrow(UpstreamProtocolError);
    expect(() => anthropicAdapter.countTokensResponse!('{"input_tokens":1.5}')).toThrow(UpstreamProtocolError);
    expect(() => anthropicAdapter.countTokensResponse!('not json')).toThrow(UpstreamProtocolError);
  });
});
