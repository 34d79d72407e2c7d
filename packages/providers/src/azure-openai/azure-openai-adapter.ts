import { joinUrl } from '../join-url';
import { buildOpenAIChatBody } from '../openai-compatible/build-openai-chat-body';
import { openAICompatibleAdapter } from '../openai-compatible/openai-compatible-adapter';
import type { AdapterTarget, ProviderAdapter } from '../provider-adapter';

/** The GA data-plane version; a provider entry's `apiVersion` overrides it. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

function deploymentUrl(target: AdapterTarget, endpoint: '/chat/completions' | '/embeddings'): string {
  const version = encodeURIComponent(target.provider.apiVersion ?? DEFAULT_AZURE_API_VERSION);
  const deployment = encodeURIComponent(target.upstreamModel);
  return `${joinUrl(target.provider.baseUrl, `/openai/deployments/${deployment}${endpoint}`)}?api-version=${version}`;
}

function headersFor(target: AdapterTarget): Record<string, string> {
  return { 'content-type': 'application/json', ...target.provider.headers, 'api-key': target.apiKey };
}

/**
 * Azure OpenAI answers with OpenAI's bodies and streams, so responses reuse the OpenAI-compatible
 * adapter. Requests differ: the deployment (the catalog's `upstream`) is in the URL, the key goes
 * in an `api-key` header, and an `api-version` query parameter is required.
 */
export const azureOpenAIAdapter: ProviderAdapter = {
  ...openAICompatibleAdapter,
  id: 'azure-openai',
  wireFormat: 'openai-chat',

  chatRequest(request, target, stream) {
    return {
      url: deploymentUrl(target, '/chat/completions'),
      method: 'POST',
      headers: headersFor(target),
      body: buildOpenAIChatBody(request, target.upstreamModel, stream),
    };
  },

  embeddingsRequest(request, target) {
    return {
      url: deploymentUrl(target, '/embeddings'),
      method: 'POST',
      headers: headersFor(target),
      // Routing preferences are Switchboard's (undefined fields are left out of the JSON).
      body: JSON.stringify({ ...request, model: target.upstreamModel, provider: undefined, models: undefined }),
    };
  },
};
