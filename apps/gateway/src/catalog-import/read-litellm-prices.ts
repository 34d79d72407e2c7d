import type { ModelCapabilities } from '@switchboard/protocol';
import type { ImportedCatalog, ImportedModel } from './imported-catalog';
import { usdPerTokenToMicros } from './usd-per-token-to-micros';

/**
 * LiteLLM's `litellm_provider` values whose catalog provider has another id; any other value is
 * taken as the catalog provider id itself (and skipped by the import when there is no such provider).
 */
export const litellmProviders: Readonly<Record<string, string>> = {
  openai: 'openai',
  text_completion_openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  'vertex_ai-language-models': 'vertex',
  'vertex_ai-anthropic_models': 'vertex',
  bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  azure: 'azure',
  mistral: 'mistral',
  groq: 'groq',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  xai: 'xai',
  openrouter: 'openrouter',
  deepseek: 'deepseek',
  cerebras: 'cerebras',
  deepinfra: 'deepinfra',
  perplexity: 'perplexity',
  moonshot: 'moonshot',
  dashscope: 'dashscope',
  zai: 'zai',
  nebius: 'nebius',
  cohere_chat: 'cohere',
  ollama: 'ollama',
  lm_studio: 'lmstudio',
};

const kinds: Readonly<Record<string, ImportedModel['kind']>> = { chat: 'chat', completion: 'chat', embedding: 'embedding' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * LiteLLM's model_prices_and_context_window.json (an object keyed by model name) as catalog
 * models: `input_cost_per_token`, `output_cost_per_token`, `cache_read_input_token_cost`,
 * `cache_creation_input_token_cost` (and `_above_1hr`), `output_cost_per_reasoning_token` in
 * USD per token; `max_input_tokens` (else `max_tokens`) and `max_output_tokens`;
 * `supports_function_calling`, `supports_vision`, `supports_reasoning`,
 * `supports_response_schema`; `mode` chat, completion or embedding (other modes are skipped). The
 * key's `<litellm_provider>/` prefix is dropped from the upstream name.
 */
export function readLitellmPrices(
  document: Record<string, unknown>,
  /** Import only this catalog provider's entries (the rest of a whole LiteLLM file is left out silently). */
  onlyProvider?: string,
): ImportedCatalog {
  const catalog: ImportedCatalog = { format: 'litellm', models: [], versions: [], skipped: [] };
  for (const [key, entry] of Object.entries(document)) {
    // The file's first entry documents the fields rather than pricing a model.
    if (key === 'sample_spec' || !isObject(entry)) continue;
    const litellmProvider = typeof entry.litellm_provider === 'string' ? entry.litellm_provider : '';
    // Unlisted names are taken as catalog provider ids (a provider added as `cerebras` is LiteLLM's `cerebras`).
    const providerId = litellmProviders[litellmProvider] ?? litellmProvider;
    if (providerId === '' || (onlyProvider !== undefined && providerId !== onlyProvider)) {
      if (onlyProvider === undefined) catalog.skipped.push({ entry: key, reason: 'has no litellm_provider' });
      continue;
    }
    const kind = kinds[typeof entry.mode === 'string' ? entry.mode : 'chat'];
    if (kind === undefined) {
      catalog.skipped.push({ entry: key, reason: `mode '${String(entry.mode)}' is neither chat nor embedding` });
      continue;
    }
    const input = usdPerTokenToMicros(entry.input_cost_per_token);
    const output =
      kind === 'embedding'
        ? (usdPerTokenToMicros(entry.output_cost_per_token) ?? 0)
        : usdPerTokenToMicros(entry.output_cost_per_token);
    if (input === undefined || output === undefined) {
      catalog.skipped.push({ entry: key, reason: 'input_cost_per_token or output_cost_per_token is missing' });
      continue;
    }
    const capabilities: ModelCapabilities = {
      tools: entry.supports_function_calling === true,
      vision: entry.supports_vision === true,
      jsonMode: entry.supports_response_schema === true,
      reasoning: entry.supports_reasoning === true,
    };
    const prefix = `${litellmProvider}/`;
    const model: ImportedModel = {
      providerId,
      upstream: key.startsWith(prefix) ? key.slice(prefix.length) : key,
      kind,
      capabilities,
      prices: { input, output },
    };
    const optional: [keyof NonNullable<ImportedModel['prices']>, unknown][] = [
      ['cachedInput', entry.cache_read_input_token_cost],
      ['cacheWrite5m', entry.cache_creation_input_token_cost],
      ['cacheWrite1h', entry.cache_creation_input_token_cost_above_1hr],
      ['reasoning', entry.output_cost_per_reasoning_token],
    ];
    for (const [field, value] of optional) {
      const micros = usdPerTokenToMicros(value);
      if (micros !== undefined) model.prices![field] = micros;
    }
    const contextWindow = positiveInteger(entry.max_input_tokens) ?? positiveInteger(entry.max_tokens);
    if (contextWindow !== undefined) model.contextWindow = contextWindow;
    const maxOutputTokens = positiveInteger(entry.max_output_tokens);
    if (maxOutputTokens !== undefined && kind === 'chat') model.maxOutputTokens = maxOutputTokens;
    catalog.models.push(model);
  }
  return catalog;
}
