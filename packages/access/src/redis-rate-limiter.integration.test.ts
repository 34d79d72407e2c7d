import { randomBase62 } from '@switchboard/protocol';
import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRateLimiter } from './describe-rate-limiter';
import { LuaScript, type ScriptClient } from './lua-script';
import { RedisRateLimiter } from './redis-rate-limiter';

const start = Date.parse('2030-01-01T00:00:00Z');

/** Deletes every key under `prefix`. */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

describeRateLimiter('redis', async () => {
  const redis = new Redis(redisUrl());
  const prefix = uniqueRedisPrefix();
  return {
    create: (options) => new RedisRateLimiter(redis, { prefix, ...options }),
    async dispose() {
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
});

describe('RedisRateLimiter', () => {
  const prefix = uniqueRedisPrefix();
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = new Redis(redisUrl());
    second = new Redis(redisUrl());
  });

  afterAll(async () => {
    await deleteKeys(first, prefix);
    await Promise.all([first.quit(), second.quit()]);
  });

  it('shares one allowance between instances on separate connections', async () => {
    const limiters = [new RedisRateLimiter(first, { prefix }), new RedisRateLimiter(second, { prefix })];
    const request = {
      keyId: `key_${randomBase62(20)}`,
      rpmLimit: 10,
      tpmLimit: 500,
      concurrencyLimit: 8,
      estimatedTokens: 50,
      nowMs: start,
    };
    const decisions = await Promise.all(Array.from({ length: 50 }, (_, index) => limiters[index % 2]!.admit(request)));
    const admitted = decisions.filter((decision) => decision.allowed);
    expect(admitted).toHaveLength(8);
    expect(decisions.filter((decision) => decision.limitedBy === 'concurrency')).toHaveLength(42);

    // A slot taken through one instance is released through the other.
    await limiters[1]!.release(admitted[0]!.admissionId!, 50, start);
    expect((await limiters[0]!.admit(request)).allowed).toBe(true);
    // Nine requests are now spent of ten; the tenth fits, the eleventh does not, whichever instance asks.
    await limiters[1]!.release(admitted[1]!.admissionId!, 50, start);
    expect(await limiters[1]!.admit(request)).toMatchObject({ allowed: true, headers: { remainingRequests: 0 } });
    expect(await limiters[0]!.admit(request)).toMatchObject({ allowed: false, limitedBy: 'requests' });
  });

  it('keeps its keys in one cluster slot per API key, and lets idle state expire', async () => {
    const limiter = new RedisRateLimiter(first, { prefix, leaseMs: 10_000 });
    const keyId = `key_${randomBase62(20)}`;
    await limiter.admit({ keyId, rpmLimit: 60, tpmLimit: 600, concurrencyLimit: 2, estimatedTokens: 10, nowMs: start });
    const keys = (await first.keys(`${prefix}*${keyId}*`)).sort();
    expect(keys).toEqual([
      `${prefix}ratelimit:{${keyId}}`,
      `${prefix}ratelimit:{${keyId}}:leases`,
      `${prefix}ratelimit:{${keyId}}:tokens`,
    ]);
    for (const key of keys) {
      const remaining = await first.pttl(key);
      expect(remaining).toBeGreaterThan(0);
      // The token window lives as long as its newest bucket counts (60.1 s), the rest as long as the lease.
      expect(remaining).toBeLessThanOrEqual(key.endsWith(':tokens') ? 62_000 : 11_000);
    }
  });

  it('drops expired leases of a key with only a token limit, so crashed requests do not pile up', async () => {
    const limiter = new RedisRateLimiter(first, { prefix, leaseMs: 1_000 });
    const keyId = `key_${randomBase62(20)}`;
    const request = { keyId, rpmLimit: null, tpmLimit: 1_000_000, concurrencyLimit: null, estimatedTokens: 1, nowMs: start };
    for (let index = 0; index < 5; index++) await limiter.admit(request);
    expect(await first.zcard(`${prefix}ratelimit:{${keyId}}:leases`)).toBe(5);
    await limiter.admit({ ...request, nowMs: start + 1_000 });
    expect(await first.zcard(`${prefix}ratelimit:{${keyId}}:leases`)).toBe(1);
  });

  it('makes no round trip for a key without limits', async () => {
    let calls = 0;
    const counting: ScriptClient = {
      evalsha: (sha, numberOfKeys, ...rest) => {
        calls++;
        return first.evalsha(sha, numberOfKeys, ...rest);
      },
      eval: (source, numberOfKeys, ...rest) => {
        calls++;
        return first.eval(source, numberOfKeys, ...rest);
      },
    };
    const limiter = new RedisRateLimiter(counting, { prefix });
    const decision = await limiter.admit({
      keyId: 'key_free',
      rpmLimit: null,
      tpmLimit: null,
      concurrencyLimit: null,
      estimatedTokens: 9,
      nowMs: start,
    });
    await limiter.release(decision.admissionId!, 9, start);
    expect(calls).toBe(0);
    await limiter.admit({
      keyId: `key_${randomBase62(20)}`,
      rpmLimit: 1,
      tpmLimit: 1,
      concurrencyLimit: 1,
      estimatedTokens: 1,
      nowMs: start,
    });
    expect(calls).toBe(1);
  });
});

describe('LuaScript', () => {
  it('loads a script Redis does not know (NOSCRIPT) with EVAL, then runs it by SHA', async () => {
    const redis = new Redis(redisUrl());
    try {
      // A comment no other run used makes a SHA this Redis has never seen.
      const script = new LuaScript(`-- ${randomBase62(20)}\nreturn tonumber(ARGV[1]) + 1`);
      expect(await redis.script('EXISTS', script.sha)).toEqual([0]);
      expect(await script.run(redis, [], [41])).toBe(42);
      expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
      expect(await script.run(redis, [], [1])).toBe(2);
    } finally {
      await redis.quit();
    }
  });
});
