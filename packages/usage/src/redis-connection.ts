import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';

/** A bad REDIS_* setting, named so the operator can fix it. */
export class RedisSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisSettingsError';
  }
}

/**
 * How to reach Redis, from REDIS_URL and the environment, as ioredis options. One place for every
 * connection the gateway, the worker and BullMQ make:
 *
 * - `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS (the system's CAs, or
 *   REDIS_TLS_CA_FILE's PEM for a private CA; REDIS_TLS_SERVERNAME when the certificate names
 *   another host than the one dialled).
 * - Sentinel: REDIS_SENTINELS=`host:port,host:port` and REDIS_SENTINEL_NAME (the monitored
 *   master's name; default the URL's host). The URL then gives only the credentials, the database
 *   and, with `rediss://`, TLS to the master and replicas; REDIS_SENTINEL_PASSWORD authenticates
 *   to the sentinels themselves, REDIS_SENTINEL_TLS=true reaches them over TLS too.
 */
export function redisConnectionOptions(url: string, env: NodeJS.ProcessEnv = process.env): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisSettingsError(
      `REDIS_URL must be a URL such as redis://host:6379 or rediss://host:6380, got '${redact(url)}'.`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisSettingsError(`REDIS_URL must start with redis:// or rediss:// (TLS), got '${parsed.protocol}//'.`);
  }
  const options: RedisOptions = {};
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  const database = parsed.pathname.replace(/^\//, '');
  if (database !== '') {
    if (!/^\d+$/.test(database)) throw new RedisSettingsError(`REDIS_URL's database must be a number, got '/${database}'.`);
    options.db = Number(database);
  }
  const tls = parsed.protocol === 'rediss:' ? tlsOptions(env) : undefined;
  const sentinels = env.REDIS_SENTINELS?.trim();
  if (sentinels) {
    options.sentinels = sentinels.split(',').map((entry) => hostAndPort(entry.trim(), 26379));
    options.name = env.REDIS_SENTINEL_NAME || parsed.hostname;
    if (!options.name) throw new RedisSettingsError('REDIS_SENTINEL_NAME must name the master the sentinels monitor.');
    if (env.REDIS_SENTINEL_PASSWORD) options.sentinelPassword = env.REDIS_SENTINEL_PASSWORD;
    if (tls) options.tls = tls;
    if ((env.REDIS_SENTINEL_TLS ?? '').toLowerCase() === 'true') {
      options.enableTLSForSentinelMode = true;
      options.sentinelTLS = tls ?? tlsOptions(env);
    }
    return options;
  }
  options.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  options.port = parsed.port ? Number(parsed.port) : 6379;
  if (tls) options.tls = tls;
  return options;
}

/**
 * A new ioredis connection to the configured Redis (TLS and Sentinel included), with the caller's
 * own options on top (retries, lazy connect, BullMQ's `maxRetriesPerRequest: null`).
 */
export function createRedisConnection(url: string, overrides: RedisOptions = {}, env: NodeJS.ProcessEnv = process.env): Redis {
  return new Redis({ ...redisConnectionOptions(url, env), ...overrides });
}

function tlsOptions(env: NodeJS.ProcessEnv): NonNullable<RedisOptions['tls']> {
  const tls: NonNullable<RedisOptions['tls']> = {};
  if (env.REDIS_TLS_CA_FILE) {
    try {
      tls.ca = readFileSync(env.REDIS_TLS_CA_FILE, 'utf8');
    } catch (error) {
      throw new RedisSettingsError(`REDIS_TLS_CA_FILE could not be read: ${(error as Error).message}`);
    }
  }
  if (env.REDIS_TLS_SERVERNAME) tls.servername = env.REDIS_TLS_SERVERNAME;
  return tls;
}

function hostAndPort(entry: string, defaultPort: number): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (!match || port < 1 || port > 65_535) {
    throw new RedisSettingsError(`REDIS_SENTINELS must list host:port pairs separated by commas, got '${entry}'.`);
  }
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/** A URL in an error message without its password. */
function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
