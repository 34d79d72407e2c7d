import type { CatalogProvider } from '@switchboard/protocol';

// The GenAI semantic conventions' well-known `gen_ai.provider.name` values, by catalog id.
const WELL_KNOWN: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  deepseek: 'deepseek',
  groq: 'groq',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  perplexity: 'perplexity',
  cohere: 'cohere',
};

const BY_ADAPTER: Record<string, string> = { anthropic: 'anthropic', gemini: 'gcp.gemini', 'azure-openai': 'azure.ai.openai' };

/** The conventions' name for a provider; an operator's own provider keeps its catalog id. */
export function genAiProviderName(provider: Pick<CatalogProvider, 'id' | 'adapter'>): string {
  return (Object.hasOwn(WELL_KNOWN, provider.id) ? WELL_KNOWN[provider.id] : BY_ADAPTER[provider.adapter]) ?? provider.id;
}
