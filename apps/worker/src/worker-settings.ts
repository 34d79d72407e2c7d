import type { EgressPolicy } from '@switchboard/egress';
import { parseAllowedHosts } from '@switchboard/egress';
import { EnvironmentKeyWrapper, type KeyWrapper, parseKekRing } from '@switchboard/vault';

export interface WorkerSettings {
  databaseUrl: string;
  redisUrl: string;
  /** Deployment key prefix shared with the gateways (`switchboard:`). */
  redisPrefix: string;
  /** Usage batches one process ingests at once. */
  concurrency: number;
  /** Raw usage events older than this are removed (rollups are kept). */
  retentionDays: number;
  /** USAGE_ATTRIBUTION_LIMIT: distinct tags and end users per key and UTC day with rollup rows of their own; default 100. */
  attributionLimit?: number;
  /** How often a worker checks for jobs whose worker died (BullMQ's stalled check). */
  stalledIntervalMs: number;
  logLevel: string;
  /** WORKER_PORT: serve /healthz and /metrics there (unset: no server). */
  statusPort?: number;
  /** WORKER_HOST: where that server listens; default 127.0.0.1. */
  statusHost: string;
  /** Alerts: VAULT_KEK opens webhook signing secrets; without it webhook deliveries fail and say why. */
  alerts?: {
    wrapper?: KeyWrapper;
    egress: EgressPolicy;
    smtpUrl?: string;
    emailFrom?: string;
    /** ALERTS_EVALUATE_EVERY_MS, default one minute. */
    evaluateEveryMs: number;
    /** ALERTS_RETRY_BASE_MS, default 60 s (retries at 1, 2, 4 ... 60 minutes). */
    retryBaseMs: number;
  };
}

export class WorkerSettingsError extends Error {}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new WorkerSettingsError(`${name} must be a positive integer, got '${raw}'.`);
  return value;
}

/** `npm run worker`'s settings; the same variable names as the gateway's where they overlap. */
export function workerSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    throw new WorkerSettingsError(
      'The usage worker needs DATABASE_URL and REDIS_URL (the same as the gateways). Without them the gateway ingests usage itself and no worker is needed.',
    );
  }
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX || 'switchboard:',
    concurrency: positiveInteger(env, 'WORKER_CONCURRENCY', 2),
    retentionDays: positiveInteger(env, 'USAGE_RETENTION_DAYS', 90),
    attributionLimit: positiveInteger(env, 'USAGE_ATTRIBUTION_LIMIT', 100),
    stalledIntervalMs: positiveInteger(env, 'WORKER_STALLED_INTERVAL_MS', 30_000),
    logLevel: env.LOG_LEVEL || 'info',
    statusPort: env.WORKER_PORT ? positiveInteger(env, 'WORKER_PORT', 0) : undefined,
    statusHost: env.WORKER_HOST || '127.0.0.1',
    alerts: {
      ...(env.VAULT_KEK ? { wrapper: new EnvironmentKeyWrapper(parseKekRing(env.VAULT_KEK)) } : {}),
      egress: { allowedHosts: parseAllowedHosts(env.EGRESS_ALLOWED_HOSTS) },
      ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
      ...(env.ALERTS_EMAIL_FROM ? { emailFrom: env.ALERTS_EMAIL_FROM } : {}),
      evaluateEveryMs: positiveInteger(env, 'ALERTS_EVALUATE_EVERY_MS', 60_000),
      retryBaseMs: positiveInteger(env, 'ALERTS_RETRY_BASE_MS', 60_000),
    },
  };
}
