import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAffinityStore } from './redis-affinity-store';
import { UpstreamAffinity } from './upstream-affinity';

let redis: Redis;
const prefix = `${uniqueRedisPrefix()}affinity:`;

beforeAll(() => {
  redis = new Redis(redisUrl(), { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('RedisAffinityStore', () => {
  it('lets a replica that never saw a conversation find its account, with an expiry, per name', async () => {
    const store = new RedisAffinityStore(redis, prefix);
    const first = new UpstreamAffinity(100, store);
    first.remember(['key_1\u0000session:s-1', 'key_1\u0000lead:abc'], { providerId: 'deepseek', keyId: 'pk_7' }, 0.92);
    first.remember(['key_1\u0000lead:env'], { providerId: 'local', keyId: undefined });
    // Written behind: the round trip is the client's, so wait for it on Redis itself.
    await redis.ping();

    const replica = new UpstreamAffinity(100, new RedisAffinityStore(redis, prefix));
    expect(await replica.lookup(['key_2\u0000lead:abc'], true)).toBeUndefined();
    expect(await replica.lookup(['key_1\u0000lead:abc'], true)).toEqual({
      providerId: 'deepseek',
      keyId: 'pk_7',
      cachedShare: 0.92,
    });
    expect(await replica.lookup(['key_1\u0000lead:env'], true)).toEqual({
      providerId: 'local',
      keyId: undefined,
      cachedShare: 0,
    });
    const ttl = await redis.pttl(`${prefix}key_1\u0000session:s-1`);
    expect(ttl).toBeGreaterThan(59 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(60 * 60 * 1000);
  });

  it('ignores a malformed entry', async () => {
    await redis.set(`${prefix}bad`, 'just-a-provider\tpk\tnot-a-number');
    await redis.set(`${prefix}empty`, '');
    const store = new RedisAffinityStore(redis, prefix);
    expect(await store.read(['empty', 'bad'])).toEqual({ providerId: 'just-a-provider', keyId: 'pk', cachedShare: 0 });
  });
});
