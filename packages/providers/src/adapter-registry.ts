import type { AdapterId } from '@switchboard/protocol';
import { anthropicAdapter } from './anthropic';
import { azureOpenAIAdapter } from './azure-openai/azure-openai-adapter';
import { bedrockAdapter } from './bedrock/bedrock-adapter';
import { geminiAdapter } from './gemini';
import { openAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter';
import type { ProviderAdapter } from './provider-adapter';
import { vertexAdapter } from './vertex/vertex-adapter';

const adapters: Record<AdapterId, ProviderAdapter> = {
  'openai-compatible': openAICompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  'azure-openai': azureOpenAIAdapter,
  bedrock: bedrockAdapter,
  vertex: vertexAdapter,
};

/** The adapter for a wire format; the catalog schema only admits these ids. */
export function adapterFor(id: AdapterId): ProviderAdapter {
  return adapters[id];
}
