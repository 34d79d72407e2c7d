import type { BudgetPeriod } from '@switchboard/db';

/**
 * The editable settings of an API key. In an update, a field left out is unchanged and `null`
 * clears it (back to unrestricted); in a create, left out means null (or the default).
 */
export interface ApiKeyFields {
  /** 1 to 64 characters, unique among keys (revoked ones included). */
  name?: string;
  owner?: string | null;
  /** Model names, aliases or `*` patterns (`deepseek/*`, `gpt-4o*`); at least one, or null for any. */
  allowedModels?: string[] | null;
  /**
   * This key's model aliases: a name or `*` pattern (`claude-sonnet-*`) -> model references tried
   * in order. Applied before the gateway's aliases; at most 64 entries, or null for none.
   */
  modelAliases?: Record<string, string[]> | null;
  /** Gateway paths starting with `/` (`*` allowed), e.g. `/v1/embeddings`; at least one, or null for any. */
  allowedEndpoints?: string[] | null;
  /** CIDR ranges or single addresses, IPv4 or IPv6; stored canonically. At least one, or null for anywhere. */
  ipAllowlist?: string[] | null;
  /** A Date or an ISO 8601 timestamp (a bare date means midnight UTC). */
  expiresAt?: Date | string | null;
  defaultPolicy?: ApiKeyRoutingPolicy | null;
  /** A JSON object of at most 8 KiB; `{}` clears it. */
  metadata?: Record<string, unknown>;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  concurrencyLimit?: number | null;
  /** Dollars per `budgetPeriod` (stored as integer micro-dollars); set together with the period. */
  budgetUsd?: number | null;
  budgetPeriod?: BudgetPeriod | null;
  allowDebug?: boolean;
  /**
   * Keep this key's deterministic answers (temperature 0) in the response cache for this many
   * seconds (1 to 86,400) without the request asking; null: only requests that ask are cached.
   */
  responseCacheTtlSeconds?: number | null;
  /** The team the key belongs to (at most one), or null for none. */
  teamId?: string | null;
}

export interface CreateApiKeyInput extends ApiKeyFields {
  name: string;
}

export type UpdateApiKeyInput = ApiKeyFields;

/**
 * The router's policies (packages/router RoutingPolicy). Spelled out here because access must not
 * depend on the router; a policy added there needs adding here before keys can default to it.
 */
export const apiKeyRoutingPolicies = ['balanced', 'price', 'latency', 'throughput'] as const;
export type ApiKeyRoutingPolicy = (typeof apiKeyRoutingPolicies)[number];

export const apiKeyFieldNames = [
  'name',
  'owner',
  'allowedModels',
  'modelAliases',
  'allowedEndpoints',
  'ipAllowlist',
  'expiresAt',
  'defaultPolicy',
  'metadata',
  'rpmLimit',
  'tpmLimit',
  'concurrencyLimit',
  'budgetUsd',
  'budgetPeriod',
  'allowDebug',
  'responseCacheTtlSeconds',
  'teamId',
] as const satisfies readonly (keyof ApiKeyFields)[];
