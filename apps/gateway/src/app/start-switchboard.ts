import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AccessError,
  AdminTokenStore,
  ApiKeyAuthenticator,
  ApiKeyStore,
  type BootstrapAction,
  bootstrapTokenName,
  MemoryBudgetLedger,
  MemoryRateLimiter,
  RedisBudgetLedger,
  RedisRateLimiter,
  ResilientRateLimiter,
} from '@switchboard/access';
import { type RunningAlertJobs, startInProcessAlerts } from '@switchboard/alerts';
import { createDatabase, type Database } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { createRedisConnection, findUsageEvent, spentSince } from '@switchboard/usage';
import { EnvironmentKeyWrapper, ProviderKeyStore, resolveKekRing } from '@switchboard/vault';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AccessControl } from '../access/access-control';
import { BudgetSeeder } from '../access/budget-seeder';
import { createAdminApp } from '../admin/create-admin-app';
import { recordAudit } from '../admin/record-audit';
import { importEnvironmentKeys } from '../catalog/import-environment-keys';
import { LiveCatalog } from '../catalog/live-catalog';
import { ModelAliasStore } from '../catalog/model-alias-store';
import { ProviderStore } from '../catalog/provider-store';
import type { ChangeBus } from '../changes/change-bus';
import { ChangeFeed } from '../changes/change-feed';
import { InProcessChangeBus } from '../changes/in-process-change-bus';
import { CHANGE_FEED_CHANNEL, recordChange } from '../changes/record-change';
import { RedisChangeBus } from '../changes/redis-change-bus';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency-store';
import { auditedKeyStateStore } from '../keys/audited-key-state-store';
import { probeProviderKey } from '../keys/probe-provider-key';
import { VaultKeySource } from '../keys/vault-key-source';
import { createLogger } from '../logging/create-logger';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { loadPriceBook } from '../prices/live-price-book';
import { priceMaxAgeDays } from '../prices/price-staleness';
import { syncCatalogPrices } from '../prices/sync-catalog-prices';
import { RedisResponseCacheStore } from '../response-cache/redis-response-cache-store';
import { SealedStoredResponseBackend } from '../responses/sealed-stored-response-backend';
import { RedisAffinityStore } from '../routing/redis-affinity-store';
import { RouterStatsSync } from '../routing/router-stats-sync';
import { UpstreamAffinity } from '../routing/upstream-affinity';
import type { GatewaySettings } from '../settings/gateway-settings';
import { loadCatalogWithSources } from '../settings/load-catalog';
import { startUsagePipeline, type UsagePipeline } from '../usage/start-usage-pipeline';
import { type RunningGateway, startGateway } from './start-gateway';
import { writeFirstStartSecrets } from './write-first-start-secrets';

export interface StartSwitchboardOptions {
  settings: GatewaySettings;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** PGlite in memory instead of under the data directory (tests). */
  inMemoryDatabase?: boolean;
  /** Redis key prefix, so tests sharing one Redis stay apart. */
  redisPrefix?: string;
}

export interface RunningSwitchboard {
  gateway: RunningGateway;
  live: LiveCatalog;
  /** The change outbox this instance follows (its state is in /readyz). */
  changeFeed: ChangeFeed;
  /** Set when this start generated the bootstrap admin token: shown once, never stored in plaintext. */
  bootstrapToken: string | undefined;
  /** Set when this start created the first gateway key (there was none): shown once. */
  firstApiKey: string | undefined;
  /** The 0600 file in DATA_DIR holding what this start generated (writeFirstStartSecrets). */
  firstStartSecretsPath: string | undefined;
  /** The usage batcher and, with Redis, the queue it feeds (for gauges and tests). */
  usagePipeline: UsagePipeline;
  /** The embedded mode's alert evaluator and deliveries (with Redis the workers run them). */
  alerts: RunningAlertJobs | undefined;
  close(): Promise<void>;
}

/**
 * The whole product in one process: Postgres (or embedded PGlite) with migrations applied, the
 * vault, the catalog seeded from the built-in list and SWITCHBOARD_CONFIG, environment keys
 * imported, the bootstrap admin token, the change bus (Redis or in-process) and the gateway with
 * /v1 and /admin.
 */
/**
 * A newcomer's first gateway key: created at the first start, when no key exists, and printed once
 * (like the admin token). Several instances starting together race on the name; one wins.
 */
async function ensureFirstApiKey(store: ApiKeyStore): Promise<string | undefined> {
  if ((await store.list()).length > 0) return undefined;
  try {
    return (await store.create({ name: 'default' })).key;
  } catch (error) {
    if (error instanceof AccessError && error.code === 'conflict') return undefined;
    throw error;
  }
}

const BOOTSTRAP_MESSAGES: Record<Exclude<BootstrapAction, 'unchanged'>, string> = {
  created: 'created the bootstrap admin token from ADMIN_TOKEN',
  rotated: 'ADMIN_TOKEN changed: the bootstrap admin token now has the new secret (the old one no longer works)',
  restored: "restored the bootstrap admin token's admin role from ADMIN_TOKEN",
  refused_revoked:
    'ADMIN_TOKEN is the secret of the bootstrap admin token, which was revoked: it stays revoked. To use a bootstrap token again, set ADMIN_TOKEN to a new value (sb_admin_ and 43 letters and digits) and restart; or remove ADMIN_TOKEN and use another admin token',
  minted:
    'no ADMIN_TOKEN and no live admin token (every one revoked, or a first start): generated a bootstrap admin token into the first-start secrets file',
};

/** One log line and one audit row (actor `gateway`) for whatever this start did to the bootstrap token. */
async function reportBootstrap(
  db: Database,
  action: BootstrapAction,
  secretsPath: string | undefined,
  logger: Logger,
): Promise<void> {
  if (action === 'unchanged') return;
  const message = BOOTSTRAP_MESSAGES[action];
  if (action === 'refused_revoked') logger.warn({ action }, message);
  else logger.info({ action, ...(action === 'minted' ? { path: secretsPath } : {}) }, message);
  await recordAudit(db, {
    actor: 'gateway',
    action: `admin_token.bootstrap_${action}`,
    targetType: 'admin_token',
    targetId: bootstrapTokenName,
    requestId: newId('req'),
    details: { source: action === 'minted' ? 'generated' : 'ADMIN_TOKEN' },
  });
}

export async function startSwitchboard(options: StartSwitchboardOptions): Promise<RunningSwitchboard> {
  const { settings } = options;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(settings.logLevel);
  // Every Redis key of this deployment (limits, budgets, changes, statistics, the usage queue).
  const redisPrefix = options.redisPrefix ?? settings.redisPrefix ?? 'switchboard:';
  // Before anything writes into it (the local KEK, PGlite, the usage spool): only this user reads it.
  await mkdir(settings.dataDirectory, { recursive: true, mode: 0o700 });

  const { catalog, configuredProviderIds, configuredAliasNames, fileOwnedPrices, fileOwnedFields } = loadCatalogWithSources(
    settings.configPath,
    env,
  );
  const ring = await resolveKekRing({
    env,
    dataDirectory: settings.dataDirectory,
    databaseUrlSet: settings.databaseUrl !== undefined,
  });
  if (ring.source === 'local-file' && ring.created) {
    logger.warn(
      { path: ring.path },
      'generated a vault key-encryption key for the embedded database; back it up, or set VAULT_KEK (id:base64 of 32 random bytes)',
    );
  }
  const wrapper = new EnvironmentKeyWrapper(ring.ring);

  const database = await createDatabase(
    settings.databaseUrl
      ? { url: settings.databaseUrl }
      : options.inMemoryDatabase
        ? { inMemory: true }
        : { dataDirectory: join(settings.dataDirectory, 'pglite') },
  );
  let bus: ChangeBus | undefined;
  let feed: ChangeFeed | undefined;
  let keySource: VaultKeySource | undefined;
  let redis: Redis | undefined;
  let usage: UsagePipeline | undefined;
  try {
    await database.migrate();
    const providerStore = new ProviderStore(database.db);
    const keyStore = new ProviderKeyStore(database.db, wrapper);
    await providerStore.seed(catalog.providers, fileOwnedFields, settings.configPath ?? 'AZURE_OPENAI_ENDPOINT');
    const priceSync = await syncCatalogPrices(database.db, catalog, fileOwnedPrices);
    if (priceSync.added.configFile > 0) {
      logger.info({ versions: priceSync.added.configFile }, 'the config file changed prices: new price versions from now');
    }
    const imported = await importEnvironmentKeys(catalog.providers, env, keyStore, logger);
    if (imported.created + imported.rotated > 0)
      logger.info(imported, 'imported provider keys from the environment into the vault');

    const tokens = new AdminTokenStore(database.db);
    const bootstrap = await tokens.ensureBootstrap(env.ADMIN_TOKEN || undefined);
    const apiKeys = new ApiKeyStore(database.db);
    const firstApiKey = await ensureFirstApiKey(apiKeys);
    const firstStartSecretsPath = await writeFirstStartSecrets(settings.dataDirectory, {
      firstApiKey,
      bootstrapToken: bootstrap.created ? bootstrap.token : undefined,
    });
    await reportBootstrap(database.db, bootstrap.action, firstStartSecretsPath, logger);

    bus = settings.redisUrl ? await RedisChangeBus.connect(settings.redisUrl, redisPrefix, logger) : new InProcessChangeBus();
    const changes = bus;
    const metrics = new GatewayMetrics();
    const listenHandle = database.listen?.bind(database);
    feed = new ChangeFeed(database.db, changes, logger, {
      ...settings.changeFeed,
      ...(listenHandle ? { listen: (onNotify, onConnected) => listenHandle(CHANGE_FEED_CHANNEL, onNotify, onConnected) } : {}),
      metrics: {
        lagSeconds: (value) => metrics.changeFeedLag(value),
        appliedSequence: (value) => metrics.changeFeedSequence(value),
      },
    });
    const changeFeed = feed;
    keySource = new VaultKeySource(
      auditedKeyStateStore(database.db, wrapper),
      // A key the gateway moved (or found undecryptable): every instance reloads the keys.
      () =>
        void database.db
          .transaction((transaction) => recordChange(transaction as unknown as typeof database.db, 'provider-keys'))
          .then((sequence) => changeFeed.announce(sequence))
          .catch((error: unknown) =>
            logger.warn({ err: (error as Error).message }, 'provider key change not recorded; the next full re-read applies it'),
          ),
      logger,
      undefined,
      settings.keyHealth,
    );
    redis = settings.redisUrl
      ? createRedisConnection(settings.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true })
      : undefined;
    redis?.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis (limits and budgets) error'));
    const authenticator = new ApiKeyAuthenticator(apiKeys);
    metrics.rateLimiterDegraded(0);
    const ledger = redis ? new RedisBudgetLedger(redis, { prefix: redisPrefix }) : new MemoryBudgetLedger();
    const sharedLimiter = redis
      ? new ResilientRateLimiter(new RedisRateLimiter(redis, { prefix: redisPrefix }), new MemoryRateLimiter(), {
          onDegraded: (error) => {
            metrics.rateLimiterDegraded(1);
            logger.warn(
              { err: (error as Error).message },
              'shared rate limits unreachable; limiting per instance until Redis is back',
            );
          },
          onRecovered: () => {
            metrics.rateLimiterDegraded(0);
            logger.info('shared rate limits reachable again');
          },
        })
      : undefined;
    const access: AccessControl = {
      authenticator,
      limiter: sharedLimiter ?? new MemoryRateLimiter(),
      ledger,
      budgetSeeder: new BudgetSeeder(ledger, (keyId, fromMs) => spentSince(database.db, keyId, fromMs), logger),
    };
    changeFeed.subscribe((topic) => {
      if (topic === 'api-keys') authenticator.invalidate('all');
    });
    usage = startUsagePipeline({
      db: database.db,
      logger,
      redisUrl: settings.redisUrl,
      redisPrefix,
      dataDirectory: settings.dataDirectory,
      retentionDays: settings.usageRetentionDays ?? 90,
      attributionLimit: settings.usageAttributionLimit,
      metrics,
      ...(settings.usage?.spoolLimitBytes !== undefined ? { spoolLimitBytes: settings.usage.spoolLimitBytes } : {}),
      ...(settings.usage?.memoryLimitEvents !== undefined ? { memoryLimitEvents: settings.usage.memoryLimitEvents } : {}),
      serveWhenUnstorable: settings.usage?.whenUnstorable === 'serve',
    });
    const ownedPipeline = usage;
    const gateway = await startGateway({
      settings,
      usage: usage.batcher,
      findUsageEvent: (id, apiKeyId) => findUsageEvent(database.db, id, apiKeyId),
      storedResponses: new SealedStoredResponseBackend(database.db, wrapper),
      // Shared, so a retry that lands on another instance still finds the first answer.
      ...(redis ? { idempotency: new RedisIdempotencyStore(redis, redisPrefix) } : {}),
      ...(redis ? { responseCache: new RedisResponseCacheStore(redis, redisPrefix) } : {}),
      // Shared (written behind), so a conversation keeps its warm prompt cache on any replica.
      ...(redis
        ? {
            affinity: new UpstreamAffinity(
              undefined,
              new RedisAffinityStore(redis, `${redisPrefix}affinity:`, (error) =>
                logger.warn({ err: error.message }, 'affinity write failed'),
              ),
            ),
          }
        : {}),
      catalog: { providers: [], aliases: catalog.aliases },
      keys: keySource,
      logger,
      access,
      metrics,
      readinessChecks: {
        database: async () => {
          await database.db.execute(sql`select 1`);
        },
        ...(settings.redisUrl ? { redis: () => changes.ping() } : {}),
      },
      readinessStates: () => {
        const feedState = changeFeed.state();
        const usageState = ownedPipeline.state();
        const refusing = ownedPipeline.refusing();
        return {
          change_feed: {
            status: feedState.status === 'ok' && feedState.reachable ? 'ok' : 'degraded',
            lagMs: feedState.lagMs,
            lastAppliedSequence: feedState.lastAppliedSequence,
            reachable: feedState.reachable,
          },
          usage_spool: {
            status: refusing
              ? 'failing'
              : usageState.unstorable || usageState.spoolInUse || usageState.spoolFull
                ? 'degraded'
                : 'ok',
            inUse: usageState.spoolInUse,
            full: usageState.spoolFull,
            bytes: usageState.spoolBytes,
            limitBytes: usageState.spoolLimitBytes,
            pendingEvents: usageState.pendingEvents,
            refusingRequests: refusing,
          },
          ...(sharedLimiter
            ? { shared_limits: { status: sharedLimiter.degraded ? 'degraded' : 'ok', degraded: sharedLimiter.degraded } }
            : {}),
        };
      },
      usageRefusing: () => ownedPipeline.refusing(),
      admin: (context) =>
        createAdminApp({
          db: database.db,
          wrapper,
          tokens,
          changes: changeFeed,
          egress: settings.egress,
          gateway: context,
          configuredAliasNames,
          fileOwnedPrices,
          fileOwnedProviders: configuredProviderIds,
          priceMaxAgeDays: priceMaxAgeDays(env),
          configPath: settings.configPath,
        }),
    });
    const upstream = gateway.context.upstream;
    keySource.probeWith(
      (provider, secret, purpose) => probeProviderKey(upstream, provider, secret, purpose),
      (providerId) => gateway.context.catalog.provider(providerId),
    );
    const statsSync = settings.redisUrl
      ? await RouterStatsSync.start(settings.redisUrl, redisPrefix, () => gateway.context.router, logger)
      : undefined;
    const live = new LiveCatalog(gateway.context, providerStore, keyStore, keySource, logger, {
      startAliases: catalog.aliases,
      startRetirements: catalog.retirements,
      fileAliasNames: configuredAliasNames,
      store: new ModelAliasStore(database.db),
    });
    // Read before the full load: a change committed while loading is applied after it.
    const loadedFrom = await changeFeed.head();
    await live.loadAll();
    live.follow(changeFeed);
    await loadPriceBook(database.db, gateway.context);
    changeFeed.subscribe((topic) => {
      if (topic !== 'prices' && topic !== 'catalog') return;
      loadPriceBook(database.db, gateway.context).catch((error: unknown) =>
        logger.error({ err: error }, 'reloading the price book failed; pricing with the previous one'),
      );
    });
    await changeFeed.start(loadedFrom);
    // With Redis the workers evaluate and deliver alerts; the embedded mode does it on timers.
    const alerts = settings.redisUrl
      ? undefined
      : startInProcessAlerts({
          db: database.db,
          wrapper,
          egress: settings.egress,
          ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
          ...(env.ALERTS_EMAIL_FROM ? { emailFrom: env.ALERTS_EMAIL_FROM } : {}),
          evaluateEveryMs: Number(env.ALERTS_EVALUATE_EVERY_MS) || 60_000,
          retryBaseMs: Number(env.ALERTS_RETRY_BASE_MS) || 60_000,
          log: logger,
        });
    const ownedKeySource = keySource;
    const ownedRedis = redis;
    const ownedUsage = usage;
    return {
      gateway,
      live,
      changeFeed,
      bootstrapToken: bootstrap.created ? bootstrap.token : undefined,
      firstApiKey,
      firstStartSecretsPath,
      usagePipeline: ownedUsage,
      alerts,
      async close() {
        await statsSync?.close();
        await gateway.close();
        await alerts?.close();
        // After the gateway: every finished request has recorded its event; before the database.
        await ownedUsage.close();
        await ownedKeySource.close();
        await changeFeed.close();
        await changes.close();
        await ownedRedis?.quit().catch(() => undefined);
        await database.close();
      },
    };
  } catch (error) {
    await usage?.close();
    await redis?.quit().catch(() => undefined);
    await keySource?.close();
    await feed?.close();
    await bus?.close();
    await database.close();
    throw error;
  }
}
