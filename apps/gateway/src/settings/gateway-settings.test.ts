import { resolve } from 'node:path';
import { parseCidr } from '@switchboard/access';
import { describe, expect, it } from 'vitest';
import { defaultMaxInFlight, gatewaySettingsFromEnvironment, parseByteSize, SettingsError } from './gateway-settings';

function settingsError(env: NodeJS.ProcessEnv): SettingsError {
  try {
    gatewaySettingsFromEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('gatewaySettingsFromEnvironment did not throw');
}

describe('gatewaySettingsFromEnvironment', () => {
  it('has defaults that work for npm start', () => {
    expect(gatewaySettingsFromEnvironment({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      configPath: undefined,
      bodyLimitBytes: 10 * 1024 * 1024,
      jsonDepthLimit: 128,
      timeouts: { connectMs: 5_000, firstByteMs: 60_000, idleMs: 60_000, totalMs: 600_000, requestMs: 900_000 },
      streamKeepAliveMs: 15_000,
      storedResponseMaxBytes: 16 * 1024 * 1024,
      idempotentAnswerBytes: 1024 * 1024,
      storedResponseRetentionDays: 30,
      maxAttempts: 3,
      logLevel: 'info',
      egress: { allowedHosts: [] },
      dataDirectory: resolve('.data'),
      databaseUrl: undefined,
      redisUrl: undefined,
      redisPrefix: 'switchboard:',
      shutdownGraceMs: 10_000,
      usageRetentionDays: 90,
      usageAttributionLimit: 100,
      unpricedModels: 'serve',
      usage: { spoolLimitBytes: 256 * 1024 * 1024, memoryLimitEvents: 20_000, whenUnstorable: 'refuse' },
      routingPolicy: 'balanced',
      routingDebug: true,
      circuitBreaker: { consecutiveFailures: 5, errorRateThreshold: 0.5, cooldownMs: 30_000 },
      answerLimits: { wholeAnswerBytes: 16 * 1024 * 1024, sseEventCharacters: 1024 * 1024 },
      trustedProxies: [],
      metricsPort: undefined,
      metricsHost: undefined,
      metricsToken: undefined,
      tracing: undefined,
      maxInFlight: defaultMaxInFlight(),
      shedEventLoopDelayMs: undefined,
    });
  });

  it('reads the OTLP endpoint and the load-shedding limits', () => {
    expect(gatewaySettingsFromEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'switchboard-gateway',
    });
    expect(
      gatewaySettingsFromEnvironment({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
        OTEL_SERVICE_NAME: 'edge',
      }).tracing,
    ).toEqual({ tracesUrl: 'http://traces:4318/custom', serviceName: 'edge' });
    expect(
      gatewaySettingsFromEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing,
    ).toBeUndefined();
    expect(settingsError({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }).message).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be a URL',
    );
    expect(defaultMaxInFlight()).toBeGreaterThanOrEqual(1_024);
    expect(gatewaySettingsFromEnvironment({ MAX_IN_FLIGHT: '50', SHED_EVENT_LOOP_DELAY_MS: '200' })).toMatchObject({
      maxInFlight: 50,
      shedEventLoopDelayMs: 200,
    });
    expect(settingsError({ REDIS_SENTINELS: 's:26379' }).message).toContain('REDIS_SENTINELS needs REDIS_URL');
    expect(settingsError({ REDIS_URL: 'http://cache:6379' }).message).toContain('REDIS_URL must start with redis://');
    expect(gatewaySettingsFromEnvironment({ REDIS_URL: 'rediss://cache:6380' }).redisUrl).toBe('rediss://cache:6380');
    expect(settingsError({ MAX_IN_FLIGHT: '0' }).message).toBe("MAX_IN_FLIGHT must be an integer of at least 1, got '0'.");
  });

  it('reads where /metrics is served and the token it needs, refusing a guessable token', () => {
    const token = 'a'.repeat(16);
    expect(gatewaySettingsFromEnvironment({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: token })).toMatchObject(
      {
        metricsPort: 9464,
        metricsHost: '0.0.0.0',
        metricsToken: token,
      },
    );
    expect(settingsError({ METRICS_TOKEN: 'short' }).message).toBe(
      'METRICS_TOKEN must be at least 16 characters without spaces (try: openssl rand -hex 24).',
    );
    expect(settingsError({ METRICS_PORT: 'ninety' }).message).toBe(
      "METRICS_PORT must be an integer from 0 to 65535, got 'ninety'.",
    );
  });

  it('treats empty variables as unset', () => {
    expect(
      gatewaySettingsFromEnvironment({
        PORT: '',
        HOST: '',
        SWITCHBOARD_CONFIG: '',
        BODY_LIMIT: '',
        UPSTREAM_TOTAL_TIMEOUT_MS: '',
        MAX_ATTEMPTS: '',
        LOG_LEVEL: '',
      }),
    ).toEqual(gatewaySettingsFromEnvironment({}));
  });

  it('takes every knob from the environment', () => {
    expect(
      gatewaySettingsFromEnvironment({
        PORT: '3000',
        HOST: '0.0.0.0',
        SWITCHBOARD_CONFIG: '/etc/switchboard/config.yaml',
        BODY_LIMIT: '2mb',
        JSON_DEPTH_LIMIT: '64',
        UPSTREAM_CONNECT_TIMEOUT_MS: '1000',
        UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '20000',
        UPSTREAM_IDLE_TIMEOUT_MS: '30000',
        UPSTREAM_TOTAL_TIMEOUT_MS: '120000',
        REQUEST_TIMEOUT_MS: '200000',
        MAX_ATTEMPTS: '1',
        STREAM_KEEPALIVE_MS: '5000',
        RESPONSES_RETENTION_DAYS: '7',
        RESPONSES_STORE_LIMIT: '1mb',
        IDEMPOTENT_ANSWER_LIMIT: '2mb',
        LOG_LEVEL: 'debug',
        EGRESS_ALLOWED_HOSTS: 'localhost:11434',
        DATA_DIR: '/var/lib/switchboard',
        DATABASE_URL: 'postgres://switchboard@db/switchboard',
        REDIS_URL: 'redis://cache:6379',
        ROUTING_POLICY: 'latency',
        ROUTING_DEBUG: 'off',
        CIRCUIT_CONSECUTIVE_FAILURES: '3',
        CIRCUIT_ERROR_RATE: '0.25',
        CIRCUIT_COOLDOWN_MS: '10000',
        SHUTDOWN_GRACE_MS: '2500',
        REDIS_PREFIX: 'eu-west:',
        USAGE_RETENTION_DAYS: '400',
        SWITCHBOARD_UNPRICED: 'refuse',
        USAGE_SPOOL_LIMIT_BYTES: '64mb',
        USAGE_MEMORY_LIMIT_EVENTS: '5000',
        USAGE_WHEN_UNSTORABLE: 'serve',
        UPSTREAM_ANSWER_LIMIT: '4mb',
        UPSTREAM_SSE_EVENT_LIMIT: '256kb',
        TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::/32',
      }),
    ).toEqual({
      port: 3000,
      host: '0.0.0.0',
      configPath: '/etc/switchboard/config.yaml',
      bodyLimitBytes: 2 * 1024 * 1024,
      jsonDepthLimit: 64,
      timeouts: { connectMs: 1_000, firstByteMs: 20_000, idleMs: 30_000, totalMs: 120_000, requestMs: 200_000 },
      streamKeepAliveMs: 5_000,
      storedResponseMaxBytes: 1024 * 1024,
      idempotentAnswerBytes: 2 * 1024 * 1024,
      storedResponseRetentionDays: 7,
      maxAttempts: 1,
      logLevel: 'debug',
      egress: { allowedHosts: [{ kind: 'name', entry: 'localhost:11434', name: 'localhost', port: 11434 }] },
      dataDirectory: '/var/lib/switchboard',
      databaseUrl: 'postgres://switchboard@db/switchboard',
      redisUrl: 'redis://cache:6379',
      redisPrefix: 'eu-west:',
      shutdownGraceMs: 2_500,
      usageRetentionDays: 400,
      usageAttributionLimit: 100,
      unpricedModels: 'refuse',
      usage: { spoolLimitBytes: 64 * 1024 * 1024, memoryLimitEvents: 5_000, whenUnstorable: 'serve' },
      routingPolicy: 'latency',
      routingDebug: false,
      circuitBreaker: { consecutiveFailures: 3, errorRateThreshold: 0.25, cooldownMs: 10_000 },
      answerLimits: { wholeAnswerBytes: 4 * 1024 * 1024, sseEventCharacters: 256 * 1024 },
      trustedProxies: [parseCidr('10.0.0.0/8'), parseCidr('2001:db8::/32')],
      maxInFlight: defaultMaxInFlight(),
    });
  });

  it('refuses a USAGE_WHEN_UNSTORABLE that is neither refuse nor serve, naming it', () => {
    expect(settingsError({ USAGE_WHEN_UNSTORABLE: 'drop' }).message).toBe(
      "USAGE_WHEN_UNSTORABLE must be refuse or serve, got 'drop'.",
    );
  });

  it('refuses a TRUSTED_PROXIES entry that is not a CIDR range, naming it', () => {
    expect(settingsError({ TRUSTED_PROXIES: '10.0.0.0/8,lb.internal' }).message).toBe(
      "TRUSTED_PROXIES must list CIDR ranges such as 10.0.0.0/8, got 'lb.internal'.",
    );
  });

  it('refuses an answer limit of 0 or a size it cannot read, naming the variable', () => {
    expect(settingsError({ UPSTREAM_ANSWER_LIMIT: '0' }).message).toBe("UPSTREAM_ANSWER_LIMIT must be above 0, got '0'.");
    expect(settingsError({ UPSTREAM_SSE_EVENT_LIMIT: 'big' }).message).toContain('UPSTREAM_SSE_EVENT_LIMIT');
  });

  it('accepts PORT=0 for an ephemeral port', () => {
    expect(gatewaySettingsFromEnvironment({ PORT: '0' }).port).toBe(0);
  });

  it.each([
    ['512kb', 512 * 1024],
    ['10mb', 10 * 1024 * 1024],
    ['1048576', 1_048_576],
    ['1gb', 1024 ** 3],
    ['100b', 100],
    ['10MB', 10 * 1024 * 1024],
    [' 64 kb ', 64 * 1024],
  ])('reads BODY_LIMIT=%j as %i bytes', (raw, bytes) => {
    expect(gatewaySettingsFromEnvironment({ BODY_LIMIT: raw }).bodyLimitBytes).toBe(bytes);
  });

  it('names the variable when PORT is not an integer', () => {
    expect(settingsError({ PORT: 'abc' }).message).toBe("PORT must be an integer from 0 to 65535, got 'abc'.");
    expect(settingsError({ PORT: '80.5' }).message).toBe("PORT must be an integer from 0 to 65535, got '80.5'.");
    expect(settingsError({ PORT: '-1' }).message).toBe("PORT must be an integer from 0 to 65535, got '-1'.");
    expect(settingsError({ PORT: '70000' }).message).toBe("PORT must be an integer from 0 to 65535, got '70000'.");
  });

  it.each(['lots', '10 megabytes', '1.5mb', '-1', 'mb'])('names the variable when BODY_LIMIT=%j', (raw) => {
    expect(settingsError({ BODY_LIMIT: raw }).message).toBe(`BODY_LIMIT must be a size such as 10mb or 1048576, got '${raw}'.`);
  });

  it.each([
    'UPSTREAM_CONNECT_TIMEOUT_MS',
    'UPSTREAM_FIRST_BYTE_TIMEOUT_MS',
    'UPSTREAM_IDLE_TIMEOUT_MS',
    'UPSTREAM_TOTAL_TIMEOUT_MS',
    'MAX_ATTEMPTS',
  ])('refuses %s=0, naming it', (name) => {
    expect(settingsError({ [name]: '0' }).message).toBe(`${name} must be an integer of at least 1, got '0'.`);
  });

  it('refuses a non-numeric timeout, naming it', () => {
    expect(settingsError({ UPSTREAM_IDLE_TIMEOUT_MS: '30s' }).message).toBe(
      "UPSTREAM_IDLE_TIMEOUT_MS must be an integer of at least 1, got '30s'.",
    );
  });

  it('throws errors named SettingsError', () => {
    expect(settingsError({ MAX_ATTEMPTS: 'many' }).name).toBe('SettingsError');
  });
});

describe('parseByteSize', () => {
  it('uses the given variable name in its error', () => {
    expect(() => parseByteSize('UPLOAD_LIMIT', 'big')).toThrow(
      new SettingsError("UPLOAD_LIMIT must be a size such as 10mb or 1048576, got 'big'."),
    );
    expect(parseByteSize('UPLOAD_LIMIT', '3kb')).toBe(3072);
  });
});
