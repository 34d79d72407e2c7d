// The provider catalog: what a config file or the built-in list says about providers and
// models. Prices are USD per million tokens, as providers publish them; billing converts them
// to integer micro-dollars at the edge (never floats in money arithmetic).

export type AdapterId = 'openai-compatible' | 'anthropic' | 'gemini' | 'azure-openai' | 'bedrock' | 'vertex';

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

/**
 * Where a list price was read: the page and the day (or month, when only that is known) it was
 * read. `official: false` marks a price read from a third-party page (an aggregator's copy of the
 * provider's table) rather than the provider's own. Carried into the first price version's note,
 * and its date is when that version takes effect.
 */
export interface CatalogPriceSource {
  url: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` when the page gave only a month. */
  checkedAt: string;
  official?: boolean;
}

export interface ModelCapabilities {
  tools?: boolean;
  vision?: boolean;
  jsonMode?: boolean;
  reasoning?: boolean;
  /**
   * The model serves OpenAI's legacy text completions (`suffix`, `logprobs`, several prompts)
   * natively, at this path resolved against the provider's base URL as a relative URL:
   * `completions` at OpenAI (`https://api.openai.com/v1/completions`, gpt-3.5-turbo-instruct),
   * `../beta/completions` at DeepSeek (its FIM endpoint `https://api.deepseek.com/beta/completions`,
   * beside `/v1`). Absent: `/v1/completions` is translated to the provider's chat format.
   */
  legacyCompletions?: string;
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
  /**
   * Output tokens a request gets when it names no limit: what the provider documents as its
   * default, or what the gateway sends where the wire format needs a value (Anthropic). Budgeted
   * keys are sent this as max_tokens (DESIGN contract 3). Absent: `maxOutputTokens`, else 4,096.
   */
  defaultOutputTokens?: number;
  capabilities?: ModelCapabilities;
  /** Where `price` was read; absent: the provider's `priceSource`. */
  priceSource?: CatalogPriceSource;
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
  /** AWS region of a Bedrock provider (`us-east-1`); absent: read from a `bedrock-runtime.<region>.` base URL. */
  region?: string;
  /** Google Cloud project of a Vertex provider; absent: the service-account key's `project_id`. */
  project?: string;
  /** Vertex location (`us-central1`, `europe-west4`, `global`). */
  location?: string;
  /** Where the provider's model prices were read (a model's own `priceSource` wins). */
  priceSource?: CatalogPriceSource;
  /** Local servers (Ollama, vLLM) accept requests without a key. */
  keyOptional?: boolean;
  /** Where the provider processes requests (`eu`, `us`, ...): `provider.regions` filters on them. */
  regions?: string[];
  /** What the provider's terms promise about data (`zdr`, `no-training`): `provider.data_policies` requires them. */
  dataPolicies?: string[];
  enabled: boolean;
  models: CatalogModel[];
}

/**
 * A model name its provider retired, still accepted from clients: it becomes an alias of its
 * replacement at the same provider (with the mode it stood for), and answers carry `Deprecation`
 * and `Sunset` headers. Data, so the next retirement is a catalog or config-file change.
 */
export interface ModelRetirement {
  /** The retired name clients still send (`deepseek-chat`). */
  model: string;
  /** The provider that retired it. */
  provider: string;
  /** When the provider stopped serving the name, ISO 8601 in UTC (`2026-07-24T15:59:00Z`). */
  retiredAt: string;
  /** The model id at the same provider that serves it now (`deepseek-v4-flash`). */
  replacement: string;
  /**
   * The replacement's thinking mode the retired name stood for, sent in the provider's own
   * reasoning control (DeepSeek's `thinking: {type}`) unless the client set one itself.
   */
  thinking?: 'enabled' | 'disabled';
}

export interface Catalog {
  providers: CatalogProvider[];
  /** Alias name -> ordered list of `provider/model` references. */
  aliases: Record<string, string[]>;
  /** Retired model names and what serves them now. */
  retirements?: ModelRetirement[];
}
