import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RedisSettingsError, redisConnectionOptions } from './redis-connection';

function refusal(url: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    redisConnectionOptions(url, env);
  } catch (error) {
    expect(error).toBeInstanceOf(RedisSettingsError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('redisConnectionOptions', () => {
  it('maps redis:// with credentials and a database', () => {
    expect(redisConnectionOptions('redis://app:p%40ss@cache.internal:6380/2', {})).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 'p@ss',
      db: 2,
    });
    expect(redisConnectionOptions('redis://127.0.0.1', {})).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisConnectionOptions('redis://[::1]:7000', {})).toEqual({ host: '::1', port: 7000 });
  });

  it('turns on TLS for rediss://, with a private CA and server name when given', () => {
    expect(redisConnectionOptions('rediss://:secret@redis.example.com:6380', {})).toEqual({
      host: 'redis.example.com',
      port: 6380,
      password: 'secret',
      tls: {},
    });
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-ca-'));
    writeFileSync(join(directory, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(
      redisConnectionOptions('rediss://10.0.0.5:6380', {
        REDIS_TLS_CA_FILE: join(directory, 'ca.pem'),
        REDIS_TLS_SERVERNAME: 'redis.internal',
      }).tls,
    ).toEqual({ ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', servername: 'redis.internal' });
    expect(refusal('rediss://h', { REDIS_TLS_CA_FILE: join(directory, 'missing.pem') })).toContain(
      'REDIS_TLS_CA_FILE could not be read',
    );
  });

  it('reads Sentinel: the sentinels, the master name, the credentials and TLS from the URL', () => {
    expect(
      redisConnectionOptions('rediss://:secret@mymaster/1', {
        REDIS_SENTINELS: 'sentinel-0:26379, sentinel-1:26380,[fd00::3]',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      }),
    ).toEqual({
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: 'sentinel-1', port: 26380 },
        { host: 'fd00::3', port: 26379 },
      ],
      name: 'mymaster',
      password: 'secret',
      db: 1,
      sentinelPassword: 'sentinel-secret',
      tls: {},
    });
    const options = redisConnectionOptions('redis://ignored:6379', {
      REDIS_SENTINELS: 's:26379',
      REDIS_SENTINEL_NAME: 'primary',
      REDIS_SENTINEL_TLS: 'true',
    });
    expect(options).toMatchObject({ name: 'primary', enableTLSForSentinelMode: true, sentinelTLS: {} });
    expect(options.host).toBeUndefined();
  });

  it('refuses what it cannot use, naming the setting and never the password', () => {
    expect(refusal('http://h:6379')).toBe("REDIS_URL must start with redis:// or rediss:// (TLS), got 'http://'.");
    const message = refusal('redis://:hunter2@');
    expect(message).not.toContain('hunter2');
    expect(refusal('redis://h/zero')).toBe("REDIS_URL's database must be a number, got '/zero'.");
    expect(refusal('redis://h', { REDIS_SENTINELS: 's:99999' })).toBe(
      "REDIS_SENTINELS must list host:port pairs separated by commas, got 's:99999'.",
    );
    expect(refusal('redis://h', { REDIS_SENTINELS: 'a:1,,b:2' })).toContain("got ''");
  });
});
