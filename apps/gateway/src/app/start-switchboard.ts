import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AccessError,
  AdminTokenStore,
  ApiKeyAuthenticator,
  ApiKeyStore,
  MemoryBudgetLedger,
  MemoryRateLimiter,
  RedisBudgetLedger,
  RedisRateLimiter,
  ResilientRateLimiter,
} from '@switchboard/access';
import { createDatabase } from '@switchboard/db';
import { builtInCatalog } from '@switchboard/providers';
import { findUsageEvent, spentSince } from '@switchboard/usage';
import { EnvironmentKeyWrapper, ProviderKeyStore, resolveKekRing } from '@switchboard/vault';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AccessControl } from '../access/access-control';
import { BudgetSeeder } from '../access/budget-seeder';
import { createAdminApp } from '../admin/create-admin-app';
import { importEnvironmentKeys } from '../catalog/import-environment-keys';
import { LiveCatalog } from '../catalog/live-catalog';
import { ModelAliasStore } from '../catalog/model-alias-store';
import { ProviderStore } from '../catalog/provider-store';
import type { ChangeBus } from '../changes/change-bus';
import { InProcessChangeBus } from '../changes/in-process-change-bus';
import { RedisChangeBus } from '../changes/redis-change-bus';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency-store';
import { auditedKeyStateStore } from '../keys/audited-key-state-store';
import { probeProviderKey } from '../keys/probe-provider-key';
import { VaultKeySource } from '../keys/vault-key-source';
import { createLogger } from '../logging/create-logger';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { loadPriceBook } from '../prices/live-price-book';
import { syncCatalogPrices } from '../prices/sync-catalog-prices';
import { SealedStoredResponseBackend } from '../responses/sealed-stored-response-backend';
import { RouterStatsSync } from '../routing/router-stats-sync';
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
  /** Set when this start generated the bootstrap admin token: shown once, never stored in plaintext. */
  bootstrapToken: string | undefined;
  /** Set when this start created the first gateway key (there was none): shown once. */
  firstApiKey: string | undefined;
  /** The 0600 file in DATA_DIR holding what this start generated (writeFirstStartSecrets). */
  firstStartSecretsPath: string | undefined;
  /** The usage batcher and, with Redis, the queue it feeds (for gauges and tests). */
  usagePipeline: UsagePipeline;
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

export async function startSwitchboard(options: StartSwitchboardOptions): Promise<RunningSwitchboard> {
  const { settings } = options;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(settings.logLevel);
  // Every Redis key of this deployment (limits, budgets, changes, statistics, the usage queue).
  const redisPrefix = options.redisPrefix ?? settings.redisPrefix ?? 'switchboard:';
  // Before anything writes into it (the local KEK, PGlite, the usage spool): only this user reads it.
  await mkdir(settings.dataDirectory, { recursive: true, mode: 0o700 });

  const { catalog, configuredProviderIds, configuredAliasNames, fileOwnedPrices } = loadCatalogWithSources(
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
  let keySource: VaultKeySource | undefined;
  let redis: Redis | undefined;
  let usage: UsagePipeline | undefined;
  try {
    await database.migrate();
    const providerStore = new ProviderStore(database.db);
    const keyStore = new ProviderKeyStore(database.db, wrapper);
    const builtInIds = new Set(builtInCatalog.providers.map((provider) => provider.id));
    await providerStore.seed(
      catalog.providers.filter((provider) => builtInIds.has(provider.id) && !configuredProviderIds.has(provider.id)),
      catalog.providers.filter((provider) => configuredProviderIds.has(provider.id) || !builtInIds.has(provider.id)),
    );
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

    bus = settings.redisUrl ? await RedisChangeBus.connect(settings.redisUrl, redisPrefix, logger) : new InProcessChangeBus();
    const changes = bus;
    keySource = new VaultKeySource(
      auditedKeyStateStore(database.db, wrapper),
      () => void changes.publish('provider-keys').catch(() => undefined),
      logger,
      undefined,
      settings.keyHealth,
    );
    redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true }) : undefined;
    redis?.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis (limits and budgets) error'));
    const authenticator = new ApiKeyAuthenticator(apiKeys);
    const metrics = new GatewayMetrics();
    metrics.rateLimiterDegraded(0);
    const ledger = redis ? new RedisBudgetLedger(redis, { prefix: redisPrefix }) : new MemoryBudgetLedger();
    const access: AccessControl = {
      authenticator,
      limiter: redis
        ? new ResilientRateLimiter(new RedisRateLimiter(redis, { prefix: redisPrefix }), new MemoryRateLimiter(), {
            onDegraded: (error) =>
              logger.warn(
                { err: (error as Error).message },
                'shared rate limits unreachable; limiting per instance until Redis is back',
              ),
            onRecovered: () => logger.info('shared rate limits reachable again'),
          })
        : new MemoryRateLimiter(),
      ledger,
      budgetSeeder: new BudgetSeeder(ledger, (keyId, fromMs) => spentSince(database.db, keyId, fromMs), logger),
    };
    changes.subscribe((topic) => {
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
    });
    const gateway = await startGateway({
      settings,
      usage: usage.batcher,
      findUsageEvent: (id, apiKeyId) => findUsageEvent(database.db, id, apiKeyId),
      storedResponses: new SealedStoredResponseBackend(database.db, wrapper),
      // Shared, so a retry that lands on another instance still finds the first answer.
      ...(redis ? { idempotency: new RedisIdempotencyStore(redis, redisPrefix) } : {}),
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
      admin: (context) =>
        createAdminApp({
          db: database.db,
          wrapper,
          tokens,
          changes,
          egress: settings.egress,
          gateway: context,
          configuredAliasNames,
          fileOwnedPrices,
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
    await live.loadAll();
    live.follow(changes);
    await loadPriceBook(database.db, gateway.context);
    changes.subscribe((topic) => {
      if (topic !== 'prices' && topic !== 'catalog') return;
      loadPriceBook(database.db, gateway.context).catch((error: unknown) =>
        logger.error({ err: error }, 'reloading the price book failed; pricing with the previous one'),
      );
    });
    const ownedKeySource = keySource;
    const ownedRedis = redis;
    const ownedUsage = usage;
    return {
      gateway,
      live,
      bootstrapToken: bootstrap.created ? bootstrap.token : undefined,
      firstApiKey,
      firstStartSecretsPath,
      usagePipeline: ownedUsage,
      async close() {
        await statsSync?.close();
        await gateway.close();
        // After the gateway: every finished request has recorded its event; before the database.
        await ownedUsage.close();
        await ownedKeySource.close();
        await changes.close();
        await ownedRedis?.quit().catch(() => undefined);
        await database.close();
      },
    };
  } catch (error) {
    await usage?.close();
    await redis?.quit().catch(() => undefined);
    await keySource?.close();
    await bus?.close();
    await database.close();
    throw error;
  }
}
