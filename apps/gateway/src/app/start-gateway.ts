import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Catalog } from '@switchboard/protocol';
import { DEFAULT_SSE_EVENT_LIMIT, setSseEventLimit } from '@switchboard/providers';
import { CatalogIndex, RouterState } from '@switchboard/router';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { AccessControl } from '../access/access-control';
import type { AdminEnv } from '../admin/admin-env';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import { MemoryIdempotencyStore } from '../idempotency/memory-idempotency-store';
import { EnvironmentKeySource, type ProviderKeySource } from '../keys/environment-key-source';
import { createLogger, logIdentity } from '../logging/create-logger';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { type MetricsServer, serveMetrics } from '../metrics/serve-metrics';
import { MemoryResponseCacheStore, type ResponseCacheStore } from '../response-cache/response-cache-store';
import { MemoryStoredResponseBackend } from '../responses/memory-stored-response-backend';
import type { StoredResponseBackend } from '../responses/stored-response-backend';
import { StoredResponses } from '../responses/stored-responses';
import { UpstreamAffinity } from '../routing/upstream-affinity';
import { defaultMaxInFlight, type GatewaySettings } from '../settings/gateway-settings';
import { startTracing } from '../telemetry/start-tracing';
import { UpstreamClient } from '../upstream/upstream-client';
import { createApp } from './create-app';
import type { GatewayContext, UsageRecorder } from './gateway-context';
import { hotPathListener } from './hot-path-listener';
import { LoadShedder } from './load-shedder';

export interface StartGatewayOptions {
  settings: GatewaySettings;
  catalog: Catalog;
  keys?: ProviderKeySource;
  logger?: Logger;
  readinessChecks?: Record<string, () => Promise<void>>;
  readinessStates?: GatewayContext['readinessStates'];
  usageRefusing?: GatewayContext['usageRefusing'];
  access?: AccessControl;
  metrics?: GatewayMetrics;
  /** Receives one usage event per admitted request (see start-switchboard). */
  usage?: UsageRecorder;
  findUsageEvent?: GatewayContext['findUsageEvent'];
  /** Where stored Responses API answers live (sealed in Postgres, see start-switchboard); default memory. */
  storedResponses?: StoredResponseBackend;
  /** The exact response cache (Redis, see start-switchboard); default a bounded memory store. */
  responseCache?: ResponseCacheStore;
  /** Which account each conversation ran on (shared through Redis, see start-switchboard); default memory. */
  affinity?: UpstreamAffinity;
  /** Where Idempotency-Key claims and answers live (Redis, see start-switchboard); default memory. */
  idempotency?: IdempotencyStore;
  /** Mounts /admin when the gateway runs with a database (see start-switchboard). */
  admin?: (context: GatewayContext) => Hono<AdminEnv>;
}

export interface RunningGateway {
  /** http://host:port, without a trailing slash. */
  url: string;
  /** Where /metrics is served when METRICS_PORT is set. */
  metricsUrl?: string;
  context: GatewayContext;
  close(): Promise<void>;
}

/** Starts the HTTP server; port 0 picks a free port (tests). */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { settings } = options;
  // Process-wide: every stream translator's decoder reads it (see sse-event-limit.ts).
  setSseEventLimit(settings.answerLimits?.sseEventCharacters ?? DEFAULT_SSE_EVENT_LIMIT);
  const logger = options.logger ?? createLogger(settings.logLevel);
  // The SDK is imported only here, only when an endpoint is configured: with tracing off the
  // request path sees `tracing` undefined and loads nothing.
  const tracing = settings.tracing ? await startTracing({ ...settings.tracing, instanceId: logIdentity().instance }) : undefined;
  const context: GatewayContext = {
    settings,
    catalog: new CatalogIndex(options.catalog),
    version: 0,
    keys: options.keys ?? new EnvironmentKeySource(),
    upstream: new UpstreamClient(settings.timeouts, settings.egress, undefined, settings.answerLimits?.wholeAnswerBytes),
    // Observations are kept apart for peers only when there are peers (Redis) to share them with.
    router: new RouterState({ breaker: settings.circuitBreaker, shareObservations: settings.redisUrl !== undefined }),
    routingConfig: { defaultPolicy: settings.routingPolicy, maxAttempts: settings.maxAttempts },
    logger,
    storedResponses: new StoredResponses(
      options.storedResponses ?? new MemoryStoredResponseBackend(),
      {
        retentionDays: settings.storedResponseRetentionDays ?? 30,
        maxBytes: settings.storedResponseMaxBytes ?? 16 * 1024 * 1024,
      },
      logger,
    ),
    affinity: options.affinity ?? new UpstreamAffinity(),
    readinessChecks: options.readinessChecks ?? {},
    readinessStates: options.readinessStates,
    usageRefusing: options.usageRefusing,
    access: options.access,
    metrics: options.metrics ?? new GatewayMetrics(),
    tracing,
    usage: options.usage,
    findUsageEvent: options.findUsageEvent,
    idempotency: options.idempotency ?? new MemoryIdempotencyStore(),
    responseCache: options.responseCache ?? new MemoryResponseCacheStore(),
  };
  const app = createApp(context, options.admin?.(context));
  // Proxied requests still running, so close() can let them finish and record their usage.
  const inFlight = new Set<Promise<void>>();
  const track = (handling: Promise<void>) => {
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  };
  const shedder = new LoadShedder(settings.maxInFlight ?? defaultMaxInFlight(), settings.shedEventLoopDelayMs);
  const server = createServer(
    hotPathListener(context, getRequestListener(app.fetch, { autoCleanupIncoming: false }), track, shedder),
  );
  // Idle keep-alive sockets from load balancers must outlive their side's timeout.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let metricsServer: MetricsServer | undefined;
  if (settings.metricsPort !== undefined) {
    try {
      metricsServer = await serveMetrics(context.metrics, {
        port: settings.metricsPort,
        host: settings.metricsHost ?? settings.host,
        token: settings.metricsToken,
      });
    } catch (error) {
      server.close();
      throw error;
    }
  }
  return {
    url: `http://${host}:${address.port}`,
    metricsUrl: metricsServer?.url,
    context,
    async close() {
      // Stop accepting, give running requests the grace period, then cut what is left; either way
      // every request's handler has finished (and recorded its usage) before close resolves.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const graceMs = settings.shutdownGraceMs ?? 0;
      if (inFlight.size > 0 && graceMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
      await context.storedResponses.settle();
      await context.upstream.close();
      shedder.close();
      // Exports the spans still buffered (a collector that is down costs at most its timeout).
      await tracing?.shutdown().catch(() => {});
      // Last: scrapes still see the drain (in-flight falling to zero) while it runs.
      await metricsServer?.close();
      context.logger.flush?.();
    },
  };
}
