import { apiKeys, type BudgetPeriod } from '@switchboard/db';
import type { TeamSummary } from './team-summary';

/**
 * What callers may see of a gateway API key: never the key or its hash. Null scopes and limits
 * mean unrestricted. The gateway authenticates to this shape too, so it carries everything
 * admission needs (scopes, limits, budget) and nothing secret.
 */
export interface ApiKeySummary {
  id: string;
  name: string;
  /** `sb_live_` and the first four random characters, to recognise a key. */
  prefix: string;
  last4: string;
  /** Who the key belongs to: a person, team or service label, for reports. */
  owner: string | null;
  /** Model names, aliases or `*` patterns the key may use. */
  allowedModels: string[] | null;
  /** The key's own model aliases (name or `*` pattern -> references), or null for none. */
  modelAliases: Record<string, string[]> | null;
  /** Gateway paths (or `*` patterns) the key may call, e.g. `/v1/chat/completions`. */
  allowedEndpoints: string[] | null;
  /** Canonical CIDR ranges clients must come from. */
  ipAllowlist: string[] | null;
  expiresAt: Date | null;
  /** The routing policy used when a request names none. */
  defaultPolicy: string | null;
  metadata: Record<string, unknown>;
  rpmLimit: number | null;
  tpmLimit: number | null;
  concurrencyLimit: number | null;
  /** The spend limit per `budgetPeriod` in integer micro-dollars; both are set or neither. */
  budgetMicros: number | null;
  budgetPeriod: BudgetPeriod | null;
  /** Whether requests with this key may ask for routing explanations. */
  allowDebug: boolean;
  /** Seconds the key's deterministic answers stay in the response cache; null: off. */
  responseCacheTtlSeconds: number | null;
  /** The team the key belongs to, or null. */
  teamId: string | null;
  /** The budget and rate-limit identity (its predecessor's after a rotation), or null for its own id. */
  ledgerKeyId: string | null;
  /** The key this one replaced by rotation, or null. */
  rotatedFromId: string | null;
  /** The team's settings, loaded with the key when authenticating (absent elsewhere). */
  team?: TeamSummary | null;
  createdAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
}

/** The columns a summary is selected (or returned) with; the hash stays out. */
export const apiKeySummaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  last4: apiKeys.last4,
  owner: apiKeys.owner,
  allowedModels: apiKeys.allowedModels,
  modelAliases: apiKeys.modelAliases,
  allowedEndpoints: apiKeys.allowedEndpoints,
  ipAllowlist: apiKeys.ipAllowlist,
  expiresAt: apiKeys.expiresAt,
  defaultPolicy: apiKeys.defaultPolicy,
  metadata: apiKeys.metadata,
  rpmLimit: apiKeys.rpmLimit,
  tpmLimit: apiKeys.tpmLimit,
  concurrencyLimit: apiKeys.concurrencyLimit,
  budgetMicros: apiKeys.budgetMicros,
  budgetPeriod: apiKeys.budgetPeriod,
  allowDebug: apiKeys.allowDebug,
  responseCacheTtlSeconds: apiKeys.responseCacheTtlSeconds,
  teamId: apiKeys.teamId,
  ledgerKeyId: apiKeys.ledgerKeyId,
  rotatedFromId: apiKeys.rotatedFromId,
  createdAt: apiKeys.createdAt,
  updatedAt: apiKeys.updatedAt,
  revokedAt: apiKeys.revokedAt,
};
