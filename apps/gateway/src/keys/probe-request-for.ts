import type { CatalogProvider } from '@switchboard/protocol';
import { adapterFor, type UpstreamRequest } from '@switchboard/providers';

/** Where each wire format lists its models: the cheapest call that still checks the key. */
const MODELS_PATH: Record<string, (provider: CatalogProvider) => string> = {
  'openai-compatible': () => '/models',
  anthropic: () => '/v1/models',
  // The catalog's Gemini base URL already ends in /v1beta.
  gemini: () => '/models',
  'azure-openai': (provider) => `/openai/models?api-version=${encodeURIComponent(provider.apiVersion ?? '2024-10-21')}`,
};

function joined(baseUrl: string, path: string): string {
  return baseUrl.endsWith('/') ? `${baseUrl.slice(0, -1)}${path}` : `${baseUrl}${path}`;
}

/**
 * The adapter's own chat request (so authentication headers are exactly what live traffic
 * sends), as a one-token completion on the first chat model; `kind: 'models'` turns it into a
 * GET of the provider's models list, which costs nothing. Undefined when the provider has no
 * chat model to build the headers from.
 */
export function probeRequestFor(provider: CatalogProvider, secret: string, kind: 'models' | 'chat'): UpstreamRequest | undefined {
  const model = provider.models.find((entry) => entry.kind === 'chat');
  if (!model) return undefined;
  const adapter = adapterFor(provider.adapter);
  const chat = adapter.chatRequest(
    { model: model.id, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 1 },
    { provider, upstreamModel: model.upstream, apiKey: secret },
    false,
  );
  if (kind === 'chat') return chat;
  const path = MODELS_PATH[provider.adapter];
  if (!path) return undefined;
  const headers: Record<string, string> = {};
  for (const name in chat.headers) if (name.toLowerCase() !== 'content-type') headers[name] = chat.headers[name]!;
  return { url: joined(provider.baseUrl, path(provider)), method: 'GET', headers, body: '' };
}
