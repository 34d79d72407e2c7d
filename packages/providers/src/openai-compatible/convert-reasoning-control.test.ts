import type { ChatCompletionRequest, NeutralRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { CatalogModel, CatalogProvider } from '../catalog-types';
import type { AdapterTarget } from '../provider-adapter';
import { convertReasoningControl } from './convert-reasoning-control';
import { openAICompatibleAdapter } from './openai-compatible-adapter';

function model(id: string, reasoning: boolean): CatalogModel {
  return { id, upstream: id, kind: 'chat', capabilities: { tools: true, reasoning } };
}

const deepseek: AdapterTarget = {
  provider: {
    id: 'deepseek',
    adapter: 'openai-compatible',
    baseUrl: 'https://api.deepseek.com',
    reasoningControl: 'deepseek-thinking',
    enabled: true,
    models: [model('deepseek-v4-pro', false)],
  },
  upstreamModel: 'deepseek-v4-pro',
  apiKey: 'sk-deepseek',
};

const openAIProvider: CatalogProvider = {
  id: 'openai',
  adapter: 'openai-compatible',
  baseUrl: 'https://api.openai.com/v1',
  enabled: true,
  models: [model('gpt-5', true), model('gpt-4.1', false)],
};
const gpt5: AdapterTarget = { provider: openAIProvider, upstreamModel: 'gpt-5', apiKey: 'sk-openai' };
const gpt41: AdapterTarget = { provider: openAIProvider, upstreamModel: 'gpt-4.1', apiKey: 'sk-openai' };

describe('convertReasoningControl', () => {
  it("gives DeepSeek its thinking switch, on or off, whatever the model's capabilities say", () => {
    expect(convertReasoningControl({ enabled: true, budgetTokens: 10_000 }, deepseek)).toEqual({ thinking: { type: 'enabled' } });
    expect(convertReasoningControl({ enabled: false }, deepseek)).toEqual({ thinking: { type: 'disabled' } });
  });

  it('gives reasoning models reasoning_effort, from the effort or medium', () => {
    expect(convertReasoningControl({ enabled: true, effort: 'high' }, gpt5)).toEqual({ reasoning_effort: 'high' });
    expect(convertReasoningControl({ enabled: true }, gpt5)).toEqual({ reasoning_effort: 'medium' });
    expect(convertReasoningControl({ enabled: false }, gpt5)).toBeUndefined();
  });

  it('sends nothing to models without the reasoning capability, or without a reasoning request', () => {
    expect(convertReasoningControl({ enabled: true, effort: 'high' }, gpt41)).toBeUndefined();
    expect(convertReasoningControl(undefined, deepseek)).toBeUndefined();
    expect(convertReasoningControl(undefined, gpt5)).toBeUndefined();
  });

  it('follows a configured reasoning-effort control for models the catalog does not mark', () => {
    const configured = { ...gpt41, provider: { ...openAIProvider, reasoningControl: 'reasoning-effort' as const } };
    expect(convertReasoningControl({ enabled: true, effort: 'low' }, configured)).toEqual({ reasoning_effort: 'low' });
  });
});

describe('openAICompatibleAdapter.chatRequest with a neutral request', () => {
  const chat: ChatCompletionRequest = {
    model: 'deepseek-v4-pro',
    messages: [{ role: 'user', content: 'Think.' }],
    max_tokens: 100,
  };
  const neutral = (reasoning: NeutralRequest['reasoning']): NeutralRequest => ({
    surface: 'messages',
    chat,
    reasoning,
    droppedFields: [],
  });

  it("adds the provider's reasoning control after the client's fields", () => {
    const body = openAICompatibleAdapter.chatRequest(chat, deepseek, false, neutral({ enabled: true })).body;
    expect(body).toBe(
      '{"model":"deepseek-v4-pro","messages":[{"role":"user","content":"Think."}],"max_tokens":100,"thinking":{"type":"enabled"}}',
    );
    const effort = JSON.parse(
      openAICompatibleAdapter.chatRequest(chat, gpt5, true, neutral({ enabled: true, effort: 'low' })).body,
    );
    expect(effort).toMatchObject({ model: 'gpt-5', reasoning_effort: 'low', stream: true });
  });

  it('keeps a reasoning field the client wrote itself', () => {
    const own = { ...chat, reasoning_effort: 'minimal' };
    const body = JSON.parse(
      openAICompatibleAdapter.chatRequest(own, gpt5, false, neutral({ enabled: true, effort: 'high' })).body,
    );
    expect(body.reasoning_effort).toBe('minimal');
  });

  it('leaves requests that arrived as Chat Completions untouched', () => {
    const plain = openAICompatibleAdapter.chatRequest(chat, deepseek, false).body;
    expect(JSON.parse(plain)).toEqual(chat);
    const withoutReasoning = openAICompatibleAdapter.chatRequest(chat, deepseek, false, neutral(undefined)).body;
    expect(withoutReasoning).toBe(plain);
  });
});
