import { randomBase62 } from '@switchboard/protocol';
import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBudgetLedger } from './describe-budget-ledger';
import { RedisBudgetLedger } from './redis-budget-ledger';

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

describeBudgetLedger('redis', async () => {
  const redis = new Redis(redisUrl());
  const prefix = uniqueRedisPrefix();
  return {
    create: (options) => new RedisBudgetLedger(redis, { prefix, ...options }),
    async dispose() {
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
});

describe('RedisBudgetLedger', () => {
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

  it('shares one budget between instances on separate connections', async () => {
    const ledgers = [new RedisBudgetLedger(first, { prefix }), new RedisBudgetLedger(second, { prefix })];
    const request = {
      keyId: `key_${randomBase62(20)}`,
      limitMicros: 1_000_000,
      period: 'month' as const,
      amountMicros: 100_000,
      nowMs: Date.now(),
    };
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => ledgers[index % 2]!.reserve(request)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    // Settled through the other instance.
    await ledgers[1]!.settle(results.find((result) => result.allowed)!.reservationId!, 0);
    expect((await ledgers[0]!.reserve(request)).allowed).toBe(true);
  });

  it('lets a window expire after it ends, and keeps a total budget forever', async () => {
    const ledger = new RedisBudgetLedger(first, { prefix, reservationLifetimeMs: 60_000 });
    const nowMs = Date.parse('2030-03-13T12:00:00Z');
    const daily = `key_${randomBase62(20)}`;
    await ledger.reserve({ keyId: daily, limitMicros: 10, period: 'day', amountMicros: 1, nowMs });
    const dailyKey = `${prefix}budget:{${daily}}:day:${Date.parse('2030-03-13T00:00:00Z')}`;
    // Twelve hours to the window's end, a minute of reservation lifetime and a day of grace.
    expect(await first.pttl(dailyKey)).toBeGreaterThan(12 * 3_600_000 + 60_000 + 86_400_000 - 5_000);
    expect(await first.pttl(dailyKey)).toBeLessThanOrEqual(12 * 3_600_000 + 60_000 + 86_400_000);
    expect(await first.pttl(`${dailyKey}:reservations`)).toBeGreaterThan(0);

    const forever = `key_${randomBase62(20)}`;
    await ledger.reserve({ keyId: forever, limitMicros: 10, period: 'total', amountMicros: 1, nowMs });
    expect(await first.pttl(`${prefix}budget:{${forever}}:total:0`)).toBe(-1);
  });

  it('handles amounts far past what a Lua number prints plainly', async () => {
    const ledger = new RedisBudgetLedger(first, { prefix });
    const keyId = `key_${randomBase62(20)}`;
    const huge = 4_000_000_000_000_001;
    const reservation = await ledger.reserve({
      keyId,
      limitMicros: 2 * huge,
      period: 'total',
      amountMicros: huge,
      nowMs: Date.now(),
    });
    expect(reservation).toMatchObject({ allowed: true, reservedMicros: huge });
    await ledger.settle(reservation.reservationId!, huge);
    expect(await ledger.usage(keyId, 2 * huge, 'total', Date.now())).toMatchObject({
      spentMicros: huge,
      reservedMicros: 0,
      remainingMicros: huge,
    });
  });
});
