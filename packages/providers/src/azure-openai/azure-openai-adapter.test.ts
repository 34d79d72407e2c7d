import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogProvider } from '../catalog-types';
import { runAdapterContract } from '../contract/adapter-contract-suite';
import { azureOpenAIAdapter, DEFAULT_AZURE_API_VERSION } from './azure-openai-adapter';

// Azure OpenAI answers with OpenAI's documented bodies, so the OpenAI fixtures serve here too.
const fixture = (name: string) => readFileSync(new URL(`../openai-compatible/__fixtures__/${name}`, import.meta.url), 'utf8');

const provider: CatalogProvider = {
  id: 'azure',
  adapter: 'azure-openai',
  baseUrl: 'https://contoso.openai.azure.com',
  enabled: true,
  models: [],
};
const target = { provider, upstreamModel: 'gpt-4o-prod', apiKey: 'azure-contract-secret-456' };
const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hello' }] };

runAdapterContract({
  name: 'azure-openai',
  adapter: azureOpenAIAdapter,
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
    request: { model: 'embed', input: 'a' },
    body: fixture('openai-embeddings.json'),
    count: 2,
    usage: { inputTokens: 8, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
  },
});

describe('azure-openai adapter', () => {
  it('addresses the deployment with the api-version and authenticates with api-key', () => {
    const built = azureOpenAIAdapter.chatRequest(request, target, false);
    expect(built.url).toBe(
      `https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=${DEFAULT_AZURE_API_VERSION}`,
    );
    expect(built.headers['api-key']).toBe('azure-contract-secret-456');
    expect(built.headers.authorization).toBeUndefined();
  });

  it("uses the provider's apiVersion when set", () => {
    const built = azureOpenAIAdapter.embeddingsRequest!(
      { model: 'e', input: 'x' },
      { ...target, provider: { ...provider, apiVersion: '2025-04-01-preview' } },
    );
    expect(built.url).toBe(
      'https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/embeddings?api-version=2025-04-01-preview',
    );
  });
});
