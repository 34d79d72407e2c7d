import { RedisBudgetLedger, RedisRateLimiter } from '@switchboard/access';
import { randomBase62 } from '@switchboard/protocol';
import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import { estimateTextTokens } from '@switchboard/usage';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputUpperBound, measureInputSize } from '../src/routing/estimate-input-tokens';
import { chinesePrompt, runBudgetBound } from './budget-bound-scenario';

describe('a budget under 200 concurrent requests (real Redis)', () => {
  let redis: Redis;
  const prefix = uniqueRedisPrefix();

  beforeAll(() => {
    redis = new Redis(redisUrl());
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('bounds Chinese text at or above what the tokenizer counts', async () => {
    const counted = await estimateTextTokens(chinesePrompt, chinesePrompt.length);
    // About one token a character; the old estimate said a quarter of that.
    expect(counted).toBeGreaterThan(2_000);
    const bound = inputUpperBound(measureInputSize([{ role: 'user', content: chinesePrompt }]), 'openai-compatible', 'x');
    expect(bound).toBeGreaterThanOrEqual(counted);
    expect(bound).toBeGreaterThanOrEqual(9_000);
  });

  it('never ends above its limit with Chinese, image and cache-write prompts billed at their most', async () => {
    const ledger = new RedisBudgetLedger(redis, { prefix });
    const limiter = new RedisRateLimiter(redis, { prefix });
    const limitMicros = 500_000;
    const result = await runBudgetBound(ledger, limiter, { keyId: `key_${randomBase62(20)}`, limitMicros, requests: 200 });
    expect(result.admitted).toBeGreaterThan(10);
    expect(result.refused).toBeGreaterThan(0);
    expect(result.overageMicros).toBe(0);
    expect(result.spentMicros).toBeLessThanOrEqual(limitMicros);
    // Settlement frees what a request did not use, so most of the budget is spent, not stranded.
    expect(result.spentMicros).toBeGreaterThan(limitMicros * 0.5);
  });
});
