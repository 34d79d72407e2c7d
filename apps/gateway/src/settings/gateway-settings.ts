import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type Cidr, parseCidr } from '@switchboard/access';
import { type EgressPolicy, parseAllowedHosts } from '@switchboard/egress';
import type { CircuitBreakerConfig, RoutingPolicy } from '@switchboard/router';
import { RedisSettingsError, redisConnectionOptions } from '@switchboard/usage';
import type { KeyHealthTimings } from '../keys/vault-key-source';
import type { UpstreamTimeouts } from '../upstream/upstream-timeouts';

export interface GatewaySettings {
  port: number;
  host: string;
  /** Path of the JSON or YAML catalog config, if any. */
  configPath: string | undefined;
  bodyLimitBytes: number;
  /** Deepest nesting of arrays and objects a /v1 body may have (JSON_DEPTH_LIMIT, default 128). */
  jsonDepthLimit?: number;
  timeouts: UpstreamTimeouts;
  /**
   * A stream waiting this long for its next output gets the surface's keep-alive (an SSE
   * comment, an Anthropic ping), so load balancers do not cut a thinking model; default 15 s.
   */
  streamKeepAliveMs?: number;
  /** Attempts per request across providers (first try included). */
  maxAttempts: number;
  logLevel: string;
  /** Which non-public or plain-http upstream hosts the operator allows (EGRESS_ALLOWED_HOSTS). */
  egress: EgressPolicy;
  /** Embedded data (PGlite, the local KEK) lives here when DATABASE_URL is not set. */
  dataDirectory: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prepended to every Redis key (REDIS_PREFIX), so deployments can share one Redis; default `switchboard:`. */
  redisPrefix?: string;
  /** How often provider keys waiting on a probe are probed again (tests shorten it). */
  keyHealth?: Partial<KeyHealthTimings>;
  /**
   * Where usage goes when its store cannot take it (DESIGN.md contract 12): a spool file of at
   * most `spoolLimitBytes` (USAGE_SPOOL_LIMIT_BYTES, default 256mb), then memory up to
   * `memoryLimitEvents` (USAGE_MEMORY_LIMIT_EVENTS, default 20000); past both new requests get
   * 503 with retry-after, unless `whenUnstorable` is 'serve' (USAGE_WHEN_UNSTORABLE=serve: serve
   * and drop the usage, counted).
   */
  usage?: { spoolLimitBytes?: number; memoryLimitEvents?: number; whenUnstorable?: 'refuse' | 'serve' };
  /** Change-feed timings (tests shorten them); defaults: poll 1 s, full re-read 5 min, rows kept 1 day. */
  changeFeed?: { pollIntervalMs?: number; fullReloadIntervalMs?: number; retentionMs?: number; lagThresholdMs?: number };
  /** On shutdown, how long running requests may take to finish before they are cut (default 0). */
  shutdownGraceMs?: number;
  /**
   * A model with no price in force (SWITCHBOARD_UNPRICED): `serve` (the default) answers and
   * flags the usage `unpriced`; `refuse` answers 403 `model_unpriced` before calling the provider.
   * A price of 0 is free, not unpriced.
   */
  unpricedModels?: 'serve' | 'refuse';
  /** Raw usage events older than this many days are removed (rollups are kept); default 90. */
  usageRetentionDays?: number;
  /** USAGE_ATTRIBUTION_LIMIT: distinct tags and end users per key and UTC day with rollup rows of their own; default 100. */
  usageAttributionLimit?: number;
  /** Stored Responses API answers (`store: true`) are kept this many days (RESPONSES_RETENTION_DAYS); default 30. */
  storedResponseRetentionDays?: number;
  /**
   * The largest stored response with its conversation, in bytes (RESPONSES_STORE_LIMIT); a bigger
   * one is answered but not stored, so it cannot be chained. Default 16 MiB.
   */
  storedResponseMaxBytes?: number;
  /** The largest answer kept for an Idempotency-Key replay (IDEMPOTENT_ANSWER_LIMIT); larger ones are served, not kept. */
  idempotentAnswerBytes?: number;
  /** The routing policy when neither the request nor its gateway key names one. */
  routingPolicy: RoutingPolicy;
  circuitBreaker: Pick<CircuitBreakerConfig, 'consecutiveFailures' | 'errorRateThreshold' | 'cooldownMs'>;
  /**
   * Whether `x-switchboard-debug: 1` may return the routing trace (ROUTING_DEBUG=off refuses it).
   * Until gateway keys exist every caller is trusted; with keys, only keys allowed to see it.
   */
  routingDebug: boolean;
  /**
   * The largest upstream answers read: a whole 2xx body in bytes (UPSTREAM_ANSWER_LIMIT, default
   * 16mb) and one SSE event in characters (UPSTREAM_SSE_EVENT_LIMIT, default 1mb). Past either
   * the attempt fails as upstream_bad_response while reading, and may fall back.
   */
  answerLimits?: { wholeAnswerBytes: number; sseEventCharacters: number };
  /**
   * Proxies (TRUSTED_PROXIES, comma-separated CIDRs) whose X-Forwarded-For names the client:
   * the load balancer's range, so failed-key throttling and IP allowlists see real clients.
   */
  trustedProxies?: Cidr[];
  /** METRICS_PORT: serve /metrics on this port only (on METRICS_HOST, default HOST), not on the public one. */
  metricsPort?: number;
  metricsHost?: string;
  /** METRICS_TOKEN: /metrics answers 401 without `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /**
   * OpenTelemetry traces over OTLP/HTTP: set when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is)
   * or OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces` appended) is, unless OTEL_SDK_DISABLED=true.
   * Absent: no SDK is loaded.
   */
  tracing?: { tracesUrl: string; serviceName: string };
  /**
   * Load shedding: past this many /v1 requests in flight on this instance (MAX_IN_FLIGHT, default
   * 1,024 per core), new ones are answered 503 with retry-after at the listener, before any parsing.
   */
  maxInFlight?: number;
  /** SHED_EVENT_LOOP_DELAY_MS: also shed while the event loop lags more than this (off by default). */
  shedEventLoopDelayMs?: number;
}

const POLICIES: readonly RoutingPolicy[] = ['balanced', 'price', 'latency', 'throughput'];

function policy(env: NodeJS.ProcessEnv): RoutingPolicy {
  const raw = env.ROUTING_POLICY || 'balanced';
  if (!POLICIES.includes(raw as RoutingPolicy))
    throw new SettingsError(`ROUTING_POLICY must be one of ${POLICIES.join(', ')}, got '${raw}'.`);
  return raw as RoutingPolicy;
}

function share(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1)
    throw new SettingsError(`${name} must be a number above 0 and at most 1, got '${raw}'.`);
  return value;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum = 0, maximum = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new SettingsError(`${name} must be an integer ${range}, got '${raw}'.`);
  }
  return value;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `10485760`, `10mb`, `512kb`. */
function unpricedSetting(value: string | undefined): 'serve' | 'refuse' {
  if (value === undefined || value === '' || value === 'serve') return 'serve';
  if (value === 'refuse') return 'refuse';
  throw new SettingsError(`SWITCHBOARD_UNPRICED must be 'serve' or 'refuse', got '${value}'.`);
}

export function parseByteSize(name: string, raw: string): number {
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  if (!match) throw new SettingsError(`${name} must be a size such as 10mb or 1048576, got '${raw}'.`);
  return Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]!;
}

function cidrList(env: NodeJS.ProcessEnv, name: string): Cidr[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const cidr = parseCidr(entry.trim());
    if (cidr === undefined) throw new SettingsError(`${name} must list CIDR ranges such as 10.0.0.0/8, got '${entry.trim()}'.`);
    return cidr;
  });
}

function positiveSize(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = parseByteSize(name, raw);
  if (value < 1) throw new SettingsError(`${name} must be above 0, got '${raw}'.`);
  return value;
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  // A scrape token short enough to guess protects nothing.
  if (raw.length < 16 || /\s/.test(raw))
    throw new SettingsError('METRICS_TOKEN must be at least 16 characters without spaces (try: openssl rand -hex 24).');
  return raw;
}

/**
 * 1,024 requests in flight per core: each mostly waits on its upstream, so this is far above what
 * a healthy instance holds (a stream costs a few tens of KiB), and low enough that a flood is
 * refused before its bodies and sockets exhaust memory or the event loop.
 */
export function defaultMaxInFlight(): number {
  return 1_024 * availableParallelism();
}

/** REDIS_URL, checked with the Sentinel and TLS settings now, so a mistake stops the start with its name. */
function redisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.REDIS_URL || undefined;
  if (url === undefined) {
    if (env.REDIS_SENTINELS)
      throw new SettingsError(
        'REDIS_SENTINELS needs REDIS_URL too (e.g. redis://:password@mymaster/0: its credentials and database).',
      );
    return undefined;
  }
  try {
    redisConnectionOptions(url, env);
  } catch (error) {
    if (error instanceof RedisSettingsError) throw new SettingsError(error.message);
    throw error;
  }
  return url;
}

function tracingSettings(env: NodeJS.ProcessEnv): GatewaySettings['tracing'] {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!tracesUrl) return undefined;
  try {
    new URL(tracesUrl);
  } catch {
    throw new SettingsError(`OTEL_EXPORTER_OTLP_ENDPOINT must be a URL such as http://collector:4318, got '${tracesUrl}'.`);
  }
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME || 'switchboard-gateway' };
}

function whenUnstorable(env: NodeJS.ProcessEnv): 'refuse' | 'serve' {
  const raw = env.USAGE_WHEN_UNSTORABLE || 'refuse';
  if (raw !== 'refuse' && raw !== 'serve')
    throw new SettingsError(`USAGE_WHEN_UNSTORABLE must be refuse or serve, got '${raw}'.`);
  return raw;
}

/** Every knob comes from the environment, with defaults that work for `npm start`. */
export function gatewaySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  return {
    port: integer(env, 'PORT', 8080, 0, 65_535),
    host: env.HOST || '127.0.0.1',
    configPath: env.SWITCHBOARD_CONFIG || undefined,
    bodyLimitBytes: env.BODY_LIMIT ? parseByteSize('BODY_LIMIT', env.BODY_LIMIT) : 10 * 1024 * 1024,
    jsonDepthLimit: integer(env, 'JSON_DEPTH_LIMIT', 128, 1, 10_000),
    timeouts: {
      connectMs: integer(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 5_000, 1),
      firstByteMs: integer(env, 'UPSTREAM_FIRST_BYTE_TIMEOUT_MS', 60_000, 1),
      idleMs: integer(env, 'UPSTREAM_IDLE_TIMEOUT_MS', 60_000, 1),
      totalMs: integer(env, 'UPSTREAM_TOTAL_TIMEOUT_MS', 600_000, 1),
      requestMs: integer(env, 'REQUEST_TIMEOUT_MS', 900_000, 1),
    },
    streamKeepAliveMs: integer(env, 'STREAM_KEEPALIVE_MS', 15_000, 1),
    maxAttempts: integer(env, 'MAX_ATTEMPTS', 3, 1),
    logLevel: env.LOG_LEVEL || 'info',
    egress: { allowedHosts: parseAllowedHosts(env.EGRESS_ALLOWED_HOSTS) },
    dataDirectory: resolve(env.DATA_DIR || '.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: redisUrl(env),
    redisPrefix: env.REDIS_PREFIX || 'switchboard:',
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0),
    usageRetentionDays: integer(env, 'USAGE_RETENTION_DAYS', 90, 1),
    usageAttributionLimit: integer(env, 'USAGE_ATTRIBUTION_LIMIT', 100, 1),
    unpricedModels: unpricedSetting(env.SWITCHBOARD_UNPRICED),
    usage: {
      spoolLimitBytes: positiveSize(env, 'USAGE_SPOOL_LIMIT_BYTES', 256 * 1024 * 1024),
      memoryLimitEvents: integer(env, 'USAGE_MEMORY_LIMIT_EVENTS', 20_000, 1),
      whenUnstorable: whenUnstorable(env),
    },
    storedResponseRetentionDays: integer(env, 'RESPONSES_RETENTION_DAYS', 30, 1),
    storedResponseMaxBytes: positiveSize(env, 'RESPONSES_STORE_LIMIT', 16 * 1024 * 1024),
    idempotentAnswerBytes: positiveSize(env, 'IDEMPOTENT_ANSWER_LIMIT', 1024 * 1024),
    routingPolicy: policy(env),
    routingDebug: env.ROUTING_DEBUG !== 'off',
    answerLimits: {
      wholeAnswerBytes: positiveSize(env, 'UPSTREAM_ANSWER_LIMIT', 16 * 1024 * 1024),
      sseEventCharacters: positiveSize(env, 'UPSTREAM_SSE_EVENT_LIMIT', 1024 * 1024),
    },
    trustedProxies: cidrList(env, 'TRUSTED_PROXIES'),
    metricsPort: env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 0, 65_535) : undefined,
    metricsHost: env.METRICS_HOST || undefined,
    metricsToken: metricsToken(env),
    tracing: tracingSettings(env),
    maxInFlight: integer(env, 'MAX_IN_FLIGHT', defaultMaxInFlight(), 1),
    shedEventLoopDelayMs: env.SHED_EVENT_LOOP_DELAY_MS ? integer(env, 'SHED_EVENT_LOOP_DELAY_MS', 0, 1) : undefined,
    circuitBreaker: {
      consecutiveFailures: integer(env, 'CIRCUIT_CONSECUTIVE_FAILURES', 5, 1),
      errorRateThreshold: share(env, 'CIRCUIT_ERROR_RATE', 0.5),
      cooldownMs: integer(env, 'CIRCUIT_COOLDOWN_MS', 30_000, 1),
    },
  };
}
