// The shapes the admin API answers with, as the dashboard reads them (JSON: dates are ISO strings).

export type AdminPermission =
  | 'providers:read'
  | 'providers:write'
  | 'keys:write'
  | 'tokens:read'
  | 'tokens:write'
  | 'audit:read'
  | 'usage:read'
  | 'routing:read'
  | 'api-keys:read'
  | 'api-keys:write'
  | 'keys:read'
  | 'teams:read'
  | 'teams:write';

export interface Session {
  name: string;
  role: 'admin' | 'keys' | 'billing';
  permissions: AdminPermission[];
}

export interface ListBody<Item> {
  data: Item[];
}

export interface Price {
  input: number;
  cachedInput?: number;
  cacheWrite?: number;
  output: number;
}

export interface ProviderModel {
  id: string;
  upstream: string;
  kind: 'chat' | 'embedding';
  price: Price | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  capabilities: Record<string, boolean>;
}

export interface Provider {
  id: string;
  name: string;
  adapter: string;
  baseUrl: string;
  apiVersion: string | null;
  region: string | null;
  project: string | null;
  location: string | null;
  headers: Record<string, string>;
  keyOptional: boolean;
  enabled: boolean;
  /** False when nothing can serve it: disabled, or no usable key (`no_key`). */
  usable?: boolean;
  usableReason?: 'disabled' | 'no_key' | null;
  models: ProviderModel[];
  /** Names the provider retired: served as aliases of their replacement. */
  retiredModels?: { model: string; retiredAt: string; replacement: string; thinking: 'enabled' | 'disabled' | null }[];
  /** Fields SWITCHBOARD_CONFIG names (`enabled`, `models/<id>/price`): read-only, edited in the file. */
  fileOwnedFields?: string[];
}

export interface ProviderKey {
  id: string;
  providerId: string;
  name: string;
  /** DESIGN.md contract 6: the provider-key state diagram. */
  status: 'active' | 'suspect' | 'out_of_credit' | 'needs_confirmation' | 'undecryptable' | 'disabled' | 'revoked';
  statusReason: string | null;
  /** When the key entered its status. */
  statusSince: string;
  last4: string;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  rotatedAt: string | null;
  revokedAt: string | null;
}

export interface KeyTestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  model: string | null;
  message: string;
}

export interface BudgetUsage {
  spentMicros: number;
  reservedMicros: number;
  remainingMicros: number;
  windowStart: string;
  windowEnd: string | null;
  /** Spend providers reported beyond their reservations in this window. */
  overageMicros?: number;
  /** An overage closed the window until it resets or the budget is raised. */
  closed?: boolean;
}

export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

export interface GatewayKey {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  owner: string | null;
  allowedModels: string[] | null;
  allowedEndpoints: string[] | null;
  ipAllowlist: string[] | null;
  expiresAt: string | null;
  defaultPolicy: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  concurrencyLimit: number | null;
  budgetMicros: number | null;
  budgetPeriod: BudgetPeriod | null;
  createdAt: string;
  revokedAt: string | null;
  budgetUsage?: BudgetUsage | null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId: string;
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface AuditPage {
  data: AuditEntry[];
  nextBefore: number | null;
}

export type Granularity = 'minute' | 'hour' | 'day' | 'total';
export type UsageDimension = 'key' | 'provider' | 'model' | 'tag' | 'user';

export interface UsageCounters {
  requests: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costMicros: number;
  /** Requests served by a model without a price (billed 0): the dashboard's unpriced badge. */
  unpricedRequests?: number;
  /** What prompt caching saved against the uncached input price. */
  cacheSavingsMicros?: number;
  costUsd: number;
}

/** One price version as /admin/prices lists it (USD per 1M tokens as decimal strings). */
export interface PriceVersion {
  id: string;
  provider: string;
  model: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  source: 'built-in' | 'config-file' | 'admin' | 'import';
  usdPerMillion: Record<string, string>;
  schedules: { name?: string; days?: string[]; from: string; until: string; usdPerMillion: Record<string, string> }[];
  tiers: { aboveInputTokens: number; usdPerMillion: Record<string, string> }[];
  note: string | null;
  inForce: boolean;
  /** In force and older than PRICE_MAX_AGE_DAYS: the provider may have changed it since. */
  stale?: boolean;
  fileOwned: boolean;
}

type SheetPrices = Record<string, string>;

/** What POST /admin/catalog/import answers: the difference a file makes (or would, on a dry run). */
export interface CatalogImportReport {
  format: 'price-sheet' | 'openrouter' | 'litellm';
  dryRun: boolean;
  effectiveFrom: string;
  models: {
    added: { provider: string; model: string }[];
    changed: { provider: string; model: string; fields: string[] }[];
    unchanged: number;
  };
  prices: {
    added: { provider: string; model: string; effectiveFrom: string; usdPerMillion: SheetPrices }[];
    changed: { provider: string; model: string; effectiveFrom: string; from: SheetPrices; to: SheetPrices }[];
    unchanged: number;
  };
  skipped: { entry: string; reason: string }[];
  priceVersionIds: string[];
}

export interface UsageRow extends UsageCounters {
  bucketStart?: string;
  apiKeyId?: string;
  apiKeyName?: string;
  provider?: string;
  model?: string;
  /** null: untagged; "(other)": tags beyond a key's daily allowance. */
  tag?: string | null;
  /** null: no end user named; "(other)" as for tags. */
  user?: string | null;
}

export interface UsageReport {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: UsageDimension[];
  data: UsageRow[];
  totals: UsageCounters;
}

export interface BreakerDescription {
  keyId: string;
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  windowRequests: number;
  windowFailures: number;
  openUntilMs?: number;
}

export interface MetricSummary {
  mean?: number;
  p50?: number;
  p90?: number;
  observations: number;
}

export interface CandidateStats {
  latencyMs: MetricSummary;
  firstTokenMs: MetricSummary;
  outputTokensPerSecond: MetricSummary;
  errorRate: number;
  rateLimitRate: number;
  attempts: number;
}

export interface RoutingCandidate {
  provider: string;
  model: string;
  stats?: CandidateStats;
  breakers: BreakerDescription[];
  /** Present on rejected candidates: why the router would not use it now. */
  code?: string;
  reason?: string;
}

export interface RouteExplanation {
  attempts: RoutingCandidate[];
  rejected: RoutingCandidate[];
  failure?: string;
}

export interface Team {
  id: string;
  name: string;
  budgetMicros: number | null;
  budgetPeriod: GatewayKey['budgetPeriod'];
  rpmLimit: number | null;
  tpmLimit: number | null;
  concurrencyLimit: number | null;
  allowedModels: string[] | null;
  routingPolicy: string | null;
  createdAt: string;
  members: { id: string; name: string; revoked: boolean }[];
  budgetUsage: BudgetUsage | null;
}

export interface AlertRule {
  id: string;
  scope: { apiKeyId: string } | { teamId: string } | { gateway: true };
  kind: 'budget' | 'forecast' | 'spike' | 'new_address';
  thresholds: number[];
  channel: { type: 'webhook' | 'slack' | 'email'; url?: string; to?: string };
  enabled: boolean;
  createdAt: string;
}

export interface AlertDelivery {
  id: string;
  periodStart: string;
  threshold: string;
  value: number | string;
  firedAt: string;
  status: 'pending' | 'delivered' | 'failed';
  deliveredAt: string | null;
  attempts: { attempt: number; at: string; statusCode?: number; error?: string; durationMs: number }[];
}
