// The provider catalog: what a config file or the built-in list says about providers and
// models. Prices are USD per million tokens, as providers publish them; billing converts them
// to integer micro-dollars at the edge (never floats in money arithmetic).

export type AdapterId = 'openai-compatible' | 'anthropic' | 'gemini' | 'azure-openai';

export interface ModelPrice {
  /** USD per 1M input tokens not served from cache. */
  input: number;
  /**
   * USD per 1M input tokens read from the prompt cache. Absent: 0.1x `input` for Anthropic-format
   * models (Anthropic's published multiplier), `input` for every other format.
   */
  cachedInput?: number;
  /** USD per 1M input tokens written to the prompt cache with the 5-minute lifetime. Absent: 1.25x `input` (Anthropic format), else `input`. */
  cacheWrite?: number;
  /** USD per 1M input tokens written with the 1-hour lifetime. Absent: 2x `input` (Anthropic format), else `cacheWrite`. */
  cacheWrite1h?: number;
  /** USD per 1M output tokens (reasoning included unless `reasoning` is set). */
  output: number;
  /** USD per 1M audio input tokens; defaults to `input`. */
  audioInput?: number;
  /** USD per 1M audio output tokens; defaults to `output`. */
  audioOutput?: number;
  /** USD per 1M reasoning tokens where a provider prices them apart; defaults to `output`. */
  reasoning?: number;
}

export interface ModelCapabilities {
  tools?: boolean;
  vision?: boolean;
  jsonMode?: boolean;
  reasoning?: boolean;
}

export interface CatalogModel {
  /** The name clients use, unique within its provider. */
  id: string;
  /** The name the upstream expects (an Azure deployment name for azure-openai). Defaults to `id`. */
  upstream: string;
  kind: 'chat' | 'embedding';
  price?: ModelPrice;
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities?: ModelCapabilities;
}

/**
 * How an OpenAI-shaped provider takes a request's thinking switch: DeepSeek's `thinking: {type:
 * "enabled" | "disabled"}`, or OpenAI's `reasoning_effort`.
 */
export type ReasoningControl = 'deepseek-thinking' | 'reasoning-effort';

export const reasoningControls: readonly ReasoningControl[] = ['deepseek-thinking', 'reasoning-effort'];

export interface CatalogProvider {
  id: string;
  name?: string;
  adapter: AdapterId;
  /** Origin plus path prefix; adapters append their endpoint paths. */
  baseUrl: string;
  /** Environment variable holding the API key (until keys live in the vault). */
  apiKeyEnv?: string;
  /** Azure's `api-version` query value, or Anthropic's `anthropic-version` header. */
  apiVersion?: string;
  /** Extra headers sent on every upstream request (e.g. OpenRouter's HTTP-Referer). */
  headers?: Record<string, string>;
  /**
   * A second endpoint of the same provider (same keys, same breaker) that speaks the Anthropic
   * Messages format (DeepSeek's `https://api.deepseek.com/anthropic`): chosen for requests that
   * arrive on the Messages surface, so they pass through natively.
   */
  anthropicBaseUrl?: string;
  /**
   * The provider serves OpenAI's Responses API (`{baseUrl}/responses`; Azure at
   * `/openai/v1/responses`): requests on the Responses surface pass through natively. Absent or
   * false: they are translated to the provider's chat format.
   */
  responsesApi?: boolean;
  /**
   * The reasoning control of an openai-compatible provider, for requests whose surface asked for
   * thinking (Messages). Absent: `reasoning-effort` for models with the reasoning capability.
   */
  reasoningControl?: ReasoningControl;
  /** Local servers (Ollama, vLLM) accept requests without a key. */
  keyOptional?: boolean;
  enabled: boolean;
  models: CatalogModel[];
}

export interface Catalog {
  providers: CatalogProvider[];
  /** Alias name -> ordered list of `provider/model` references. */
  aliases: Record<string, string[]>;
}
