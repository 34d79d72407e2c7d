import type { UsageEventRow } from '@switchboard/db';
import type { CatalogIndex, RouterState, RoutingConfig } from '@switchboard/router';
import type { PriceBook, UsageEvent } from '@switchboard/usage';
import type { Logger } from 'pino';
import type { AccessControl } from '../access/access-control';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import type { ProviderKeySource } from '../keys/environment-key-source';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { ResponseCacheStore } from '../response-cache/response-cache-store';
import type { StoredResponses } from '../responses/stored-responses';
import type { UpstreamAffinity } from '../routing/upstream-affinity';
import type { GatewaySettings } from '../settings/gateway-settings';
import type { Tracing } from '../telemetry/tracing';
import type { UpstreamClient } from '../upstream/upstream-client';

/** What every route handler needs, built once at start. */
export interface GatewayContext {
  settings: GatewaySettings;
  /** Replaced whole when the catalog changes; handlers read it per request. */
  catalog: CatalogIndex;
  /** Bumped on every catalog or key change, so derived views (the models list) know to rebuild. */
  version: number;
  keys: ProviderKeySource;
  upstream: UpstreamClient;
  /**
   * Every price version, in memory, replaced whole when prices change: requests are priced from
   * it without a database read. Absent (adapter tests, no database): catalog prices.
   */
  priceBook?: PriceBook;
  /**
   * The wall clock that dates requests for pricing and usage (epoch ms); absent: Date.now. Tests
   * set it to price requests on either side of a price change or an off-peak boundary; timeouts
   * and durations never read it.
   */
  clock?: () => number;
  /** Live statistics and circuit breakers the router plans with; fed by every attempt's outcome. */
  router: RouterState;
  routingConfig: Partial<RoutingConfig>;
  logger: Logger;
  /** Gateway keys, rate limits and budgets; absent when /v1 is open (demo, adapter tests). */
  access?: AccessControl;
  metrics: GatewayMetrics;
  /** OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set; absent (and the SDK never loaded) otherwise. */
  tracing?: Tracing;
  /**
   * Reads one stored usage event by the gateway's request id or the client's x-request-id, among
   * `apiKeyId`'s requests only (undefined: any key's) (GET /v1/generation); absent without a database.
   */
  findUsageEvent?: (id: string, apiKeyId: string | undefined) => Promise<UsageEventRow | undefined>;
  /** Takes one usage event per admitted request (batched to the queue or the database); absent in adapter tests. */
  usage?: UsageRecorder;
  /** Responses API answers kept for retrieval and `previous_response_id` (sealed in Postgres, or in memory). */
  storedResponses: StoredResponses;
  /** Which upstream account each conversation ran on (prompt-cache affinity; Responses' bound items). */
  affinity: UpstreamAffinity;
  /** The exact response cache (x-switchboard-cache), Redis when shared, else memory. */
  responseCache?: ResponseCacheStore;
  /** Claims and kept answers for requests with an Idempotency-Key (Redis when shared, else memory). */
  idempotency?: IdempotencyStore;
  /** Dependencies /readyz checks (database, Redis), each rejecting when unavailable. */
  readinessChecks: Record<string, () => Promise<void>>;
  /**
   * What this instance runs on besides its dependencies' answers (change feed, usage spool,
   * shared limits): `degraded` still serves, `failing` cannot (e.g. usage unstorable and refused).
   */
  readinessStates?: () => Record<string, ReadinessState>;
  /** True while new /v1 requests must be refused with 503 because their usage could not be kept (DESIGN.md 12). */
  usageRefusing?: () => boolean;
}

/** Where finished requests' usage events go; record() never waits (the batcher flushes later). */
export interface ReadinessState {
  status: 'ok' | 'degraded' | 'failing';
  [detail: string]: string | number | boolean;
}

export interface UsageRecorder {
  record(event: UsageEvent): void;
}
