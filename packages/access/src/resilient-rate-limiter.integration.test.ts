import { type AddressInfo, createServer } from 'node:net';
import { randomBase62 } from '@switchboard/protocol';
import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';
import { ResilientRateLimiter } from './resilient-rate-limiter';

const start = Date.parse('2030-01-01T00:00:00Z');

/** A local port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ResilientRateLimiter with Redis', () => {
  it('falls back to local limits when Redis is unreachable, even with a client that would wait seconds', async () => {
    // Default ioredis options retry for about ten seconds before failing a command.
    const unreachable = new Redis({ host: '127.0.0.1', port: await closedPort() });
    unreachable.on('error', () => {});
    const degraded: unknown[] = [];
    const limiter = new ResilientRateLimiter(new RedisRateLimiter(unreachable), new MemoryRateLimiter(), {
      timeoutMs: 200,
      onDegraded: (error) => degraded.push(error),
    });
    try {
      const request = {
        keyId: `key_${randomBase62(20)}`,
        rpmLimit: 2,
        tpmLimit: null,
        concurrencyLimit: null,
        estimatedTokens: 0,
        nowMs: start,
      };
      const started = performance.now();
      expect(await limiter.admit(request)).toMatchObject({ allowed: true, degraded: true });
      expect(await limiter.admit(request)).toMatchObject({ allowed: true, degraded: true });
      expect(await limiter.admit(request)).toMatchObject({ allowed: false, limitedBy: 'requests', degraded: true });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(degraded).toHaveLength(1);
      expect(limiter.degraded).toBe(true);
    } finally {
      unreachable.disconnect();
    }
  });

  it('fails closed when configured to, with a client that fails fast', async () => {
    const unreachable = new Redis({ host: '127.0.0.1', port: await closedPort(), lazyConnect: true, enableOfflineQueue: false });
    unreachable.on('error', () => {});
    const limiter = new ResilientRateLimiter(new RedisRateLimiter(unreachable), new MemoryRateLimiter(), { failOpen: false });
    try {
      const request = {
        keyId: 'key_closed',
        rpmLimit: 100,
        tpmLimit: null,
        concurrencyLimit: null,
        estimatedTokens: 0,
        nowMs: start,
      };
      expect(await limiter.admit(request)).toMatchObject({ allowed: false, degraded: true, retryAfterSeconds: 1 });
    } finally {
      unreachable.disconnect();
    }
  });

  it('admits and releases through a reachable Redis, not degraded', async () => {
    const redis = new Redis(redisUrl());
    const prefix = uniqueRedisPrefix();
    const limiter = new ResilientRateLimiter(new RedisRateLimiter(redis, { prefix }));
    try {
      const request = {
        keyId: `key_${randomBase62(20)}`,
        rpmLimit: null,
        tpmLimit: null,
        concurrencyLimit: 1,
        estimatedTokens: 0,
        nowMs: start,
      };
      const decision = await limiter.admit(request);
      expect(decision.allowed).toBe(true);
      expect(decision.degraded).toBeUndefined();
      expect(await redis.zcard(`${prefix}ratelimit:{${request.keyId}}:leases`)).toBe(1);
      await limiter.release(decision.admissionId!, 0, start);
      expect(await redis.zcard(`${prefix}ratelimit:{${request.keyId}}:leases`)).toBe(0);
      expect(limiter.degraded).toBe(false);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });
});
