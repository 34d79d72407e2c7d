import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../built-in-catalog';
import type { CatalogProvider } from '../../catalog-types';
import { openAICompatibleAdapter } from '../openai-compatible-adapter';
import { openAICompatibleProfiles, profileFor } from './openai-compatible-profiles';

function providerNamed(id: string): CatalogProvider {
  const provider = builtInCatalog.providers.find((candidate) => candidate.id === id);
  if (!provider) throw new Error(`no built-in provider ${id}`);
  return provider;
}

function sentBody(providerId: string, request: ChatCompletionRequest, stream: boolean, reasoning?: { enabled: boolean }) {
  const provider = providerNamed(providerId);
  const target = { provider, upstreamModel: provider.models[0]!.upstream, apiKey: 'sk-test' };
  const neutral =
    reasoning === undefined ? undefined : ({ reasoning } as Parameters<typeof openAICompatibleAdapter.chatRequest>[3]);
  return JSON.parse(openAICompatibleAdapter.chatRequest(request, target, stream, neutral).body as string);
}

const base: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

function streamOf(chunks: object[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
}

describe('openai-compatible provider profiles', () => {
  it('names only built-in openai-compatible providers', () => {
    const openAIShaped = new Set(
      builtInCatalog.providers.filter((provider) => provider.adapter === 'openai-compatible').map((provider) => provider.id),
    );
    for (const id of Object.keys(openAICompatibleProfiles)) expect(openAIShaped.has(id), id).toBe(true);
  });

  it("drops the fields a provider refuses (Cerebras' penalties and parallel_tool_calls) and keeps the rest", () => {
    const body = sentBody(
      'cerebras',
      {
        ...base,
        frequency_penalty: 0.5,
        presence_penalty: 0.1,
        parallel_tool_calls: false,
        temperature: 0.2,
        seed: 7,
      } as ChatCompletionRequest,
      false,
    );
    expect(body).toEqual({ model: 'gpt-oss-120b', messages: base.messages, temperature: 0.2, seed: 7 });
    // The same request to a provider without the quirk passes through whole.
    const openai = sentBody(
      'openai',
      { ...base, frequency_penalty: 0.5, parallel_tool_calls: false } as ChatCompletionRequest,
      false,
    );
    expect(openai).toMatchObject({ frequency_penalty: 0.5, parallel_tool_calls: false });
  });

  it('sends Cohere no stream_options (it refuses them) but keeps the stream on', () => {
    const body = sentBody('cohere', { ...base, stream: true, stream_options: { include_usage: true } }, true);
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
    expect(sentBody('groq', { ...base, stream: true }, true).stream_options).toEqual({ include_usage: true });
  });

  it('renames max_completion_tokens to the max_tokens a provider reads, unless the client wrote both', () => {
    expect(sentBody('perplexity', { ...base, max_completion_tokens: 300 } as ChatCompletionRequest, false)).toMatchObject({
      max_tokens: 300,
    });
    expect(sentBody('perplexity', { ...base, max_completion_tokens: 300 } as ChatCompletionRequest, false)).not.toHaveProperty(
      'max_completion_tokens',
    );
    expect(sentBody('cohere', { ...base, max_tokens: 100, max_completion_tokens: 300 } as ChatCompletionRequest, false)).toEqual({
      model: 'command-a-03-2025',
      messages: base.messages,
      max_tokens: 100,
    });
  });

  it("sends each provider's own thinking switch for a surface that asked for thinking", () => {
    expect(sentBody('dashscope', base, false, { enabled: true })).toMatchObject({ enable_thinking: true });
    expect(sentBody('siliconflow', base, false, { enabled: false })).toMatchObject({ enable_thinking: false });
    expect(sentBody('zai', base, false, { enabled: true })).toMatchObject({ thinking: { type: 'enabled' } });
    // The catalog's own reasoningControl wins over the profile.
    expect(sentBody('deepseek', base, false, { enabled: false })).toMatchObject({ thinking: { type: 'disabled' } });
  });

  it('reads the chain of thought from the field the profile names', () => {
    const chunks = [
      { id: 'c1', model: 'kimi', choices: [{ index: 0, delta: { reasoning_content: 'Thinking…' } }] },
      { choices: [{ index: 0, delta: { reasoning: 'not this one' } }] },
      { choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] },
    ];
    const moonshot = providerNamed('moonshot');
    const decoder = openAICompatibleAdapter.streamParts({ provider: moonshot, upstreamModel: 'kimi-k2.5', apiKey: '' });
    const parts = [...decoder.push(streamOf(chunks)), ...decoder.end()];
    expect(parts.filter((part) => part.type === 'reasoning-delta')).toEqual([{ type: 'reasoning-delta', text: 'Thinking…' }]);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'Hi' }]);

    const cerebras = providerNamed('cerebras');
    const gptOss = openAICompatibleAdapter.streamParts({ provider: cerebras, upstreamModel: 'gpt-oss-120b', apiKey: '' });
    const gptOssParts = [...gptOss.push(streamOf(chunks)), ...gptOss.end()];
    expect(gptOssParts.filter((part) => part.type === 'reasoning-delta')).toEqual([
      { type: 'reasoning-delta', text: 'not this one' },
    ]);
  });

  it('gives an unknown provider id the default profile: both reasoning spellings, usage asked for', () => {
    expect(profileFor('acme')).toEqual({ streamUsage: true, reasoningFields: ['reasoning_content', 'reasoning'] });
    const decoder = openAICompatibleAdapter.streamParts();
    const parts = [
      ...decoder.push(streamOf([{ choices: [{ index: 0, delta: { reasoning: 'r' }, finish_reason: 'stop' }] }])),
      ...decoder.end(),
    ];
    expect(parts).toContainEqual({ type: 'reasoning-delta', text: 'r' });
  });
});
