import type { ModelCapabilities } from '@switchboard/protocol';
import type { ImportedCatalog, ImportedModel } from './imported-catalog';
import { usdPerTokenToMicros } from './usd-per-token-to-micros';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * OpenRouter's `GET /api/v1/models` answer (`{data: [...]}`) as catalog models of one provider
 * (`openrouter` unless told otherwise): `id` ("vendor/model") is the upstream name; `pricing`
 * holds USD per token as strings (`prompt`, `completion`, `input_cache_read`,
 * `input_cache_write`, `internal_reasoning`); `context_length`; `top_provider.max_completion_tokens`;
 * `supported_parameters` says tools, reasoning and structured output; `architecture.input_modalities`
 * says images. A model whose price is not fixed ("-1", OpenRouter's auto router) is skipped.
 */
export function readOpenRouterModels(document: { data: unknown[] }, providerId = 'openrouter'): ImportedCatalog {
  const catalog: ImportedCatalog = { format: 'openrouter', models: [], versions: [], skipped: [] };
  for (const [index, entry] of document.data.entries()) {
    if (!isObject(entry) || typeof entry.id !== 'string' || entry.id === '') {
      catalog.skipped.push({ entry: `data[${index}]`, reason: 'has no id' });
      continue;
    }
    const pricing = isObject(entry.pricing) ? entry.pricing : {};
    const input = usdPerTokenToMicros(pricing.prompt);
    const output = usdPerTokenToMicros(pricing.completion);
    if (input === undefined || output === undefined) {
      catalog.skipped.push({ entry: entry.id, reason: 'pricing.prompt or pricing.completion is not a fixed price' });
      continue;
    }
    const parameters = Array.isArray(entry.supported_parameters) ? entry.supported_parameters : [];
    const architecture = isObject(entry.architecture) ? entry.architecture : {};
    const modalities = Array.isArray(architecture.input_modalities) ? architecture.input_modalities : [];
    const capabilities: ModelCapabilities = {
      tools: parameters.includes('tools'),
      vision: modalities.includes('image'),
      jsonMode: parameters.includes('response_format') || parameters.includes('structured_outputs'),
      reasoning: parameters.includes('reasoning') || parameters.includes('include_reasoning'),
    };
    const model: ImportedModel = {
      providerId,
      upstream: entry.id,
      kind: 'chat',
      capabilities,
      prices: { input, output },
    };
    const cachedInput = usdPerTokenToMicros(pricing.input_cache_read);
    const cacheWrite = usdPerTokenToMicros(pricing.input_cache_write);
    const reasoning = usdPerTokenToMicros(pricing.internal_reasoning);
    if (cachedInput !== undefined && cachedInput > 0) model.prices!.cachedInput = cachedInput;
    if (cacheWrite !== undefined && cacheWrite > 0) model.prices!.cacheWrite5m = cacheWrite;
    // Reasoning priced apart only where it differs from output; otherwise it is output.
    if (reasoning !== undefined && reasoning > 0 && reasoning !== output) model.prices!.reasoning = reasoning;
    const contextWindow = positiveInteger(entry.context_length);
    if (contextWindow !== undefined) model.contextWindow = contextWindow;
    const topProvider = isObject(entry.top_provider) ? entry.top_provider : {};
    const maxOutputTokens = positiveInteger(topProvider.max_completion_tokens);
    if (maxOutputTokens !== undefined) model.maxOutputTokens = maxOutputTokens;
    catalog.models.push(model);
  }
  return catalog;
}
