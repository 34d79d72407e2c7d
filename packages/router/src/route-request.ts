import type { CatalogModel } from '@switchboard/protocol';

/**
 * How candidates are ranked.
 * - `balanced`: among the candidates whose expected latency is within a tolerance of the best,
 *   a price-weighted random pick (cheaper more often, all of them some of the time, so load
 *   spreads); the slower ones follow, fastest first.
 * - `price`: cheapest expected cost first.
 * - `latency`: lowest expected time to first token (streams) or to the whole answer first.
 * - `throughput`: most output tokens per second first.
 */
export type RoutingPolicy = 'balanced' | 'price' | 'latency' | 'throughput';

/** OpenRouter's `provider.sort` values (and what `:floor` / `:nitro` stand for). */
export type ProviderSort = 'price' | 'latency' | 'throughput';

/** USD per 1M tokens, the unit of the catalog and of OpenRouter's `max_price`. */
export interface MaxPrice {
  prompt?: number;
  completion?: number;
}

/** A request's `provider` object (OpenRouter's shape), validated and in camelCase. */
export interface ProviderPreferences {
  /** Provider ids to try first, in this order; the others follow unless fallbacks are off. */
  order?: string[];
  /** Only these provider ids. */
  only?: string[];
  /** Never these provider ids. */
  ignore?: string[];
  /**
   * false: no backup providers. Each requested model gets its first attempt only, or only the
   * providers named in `order` when there is one. The `models` fallback list still applies: the
   * client asked for it explicitly.
   */
  allowFallbacks?: boolean;
  sort?: ProviderSort;
  maxPrice?: MaxPrice;
  /** Only providers whose catalog entry declares every capability the request needs. */
  requireParameters?: boolean;
  /** Only providers tagged with at least one of these regions. */
  regions?: string[];
  /** Only providers tagged with every one of these data policies (`zdr`). */
  dataPolicies?: string[];
}

/** What the request uses that not every model supports. */
export interface CapabilityNeeds {
  tools: boolean;
  vision: boolean;
  jsonMode: boolean;
}

/** The facts about one request that routing needs (the gateway derives them from the body). */
export interface RouteRequest {
  /** A bare model id, `provider/model`, or an alias; suffixes already stripped. */
  model: string;
  /** Fallback models, tried after every candidate of `model`. */
  models?: readonly string[];
  /**
   * `model` then `models` after alias resolution (resolveModelAlias): what is planned, in order.
   * `model` stays the name the client sent, for messages. Unset: `model` then `models` as sent.
   */
  resolvedNames?: readonly string[];
  /** Which endpoint asked; defaults to chat. */
  kind?: CatalogModel['kind'];
  stream: boolean;
  estimatedInputTokens: number;
  /** max_tokens / max_completion_tokens when the client set one. */
  maxOutputTokens?: number;
  needs: CapabilityNeeds;
  preferences?: ProviderPreferences;
  /** The gateway's choice (a key's setting, a header); `preferences.sort` overrides it. */
  policy?: RoutingPolicy;
  /** Where this conversation's prompt cache is warm (the gateway's affinity table), if known. */
  affinity?: CacheAffinity;
}

/**
 * The provider a conversation last ran on and the share of that prompt it read from cache.
 * Its candidate is costed with that share (the others as cold for this prefix) and leads its
 * group while healthy, unless the client fixed the order or the sort, or the policy is `price`,
 * where the cache-aware cost alone decides.
 */
export interface CacheAffinity {
  providerId: string;
  /** In [0, 1]: cached input tokens / input tokens of the conversation's last answer. */
  cachedShare: number;
}
