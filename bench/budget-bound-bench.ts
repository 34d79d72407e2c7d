import { MemoryBudgetLedger, MemoryRateLimiter, RedisBudgetLedger, RedisRateLimiter } from '@switchboard/access';
import { randomBase62 } from '@switchboard/protocol';
import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import { Redis } from 'ioredis';
import { type BudgetBoundResult, runBudgetBound } from '../apps/gateway/test/budget-bound-scenario';

// The budget bound under 200 concurrent requests (README, "Budget guarantees"): Chinese, image
// and cache-write prompts, each billed by its provider at the most it may bill, against one
// budget, through the real admission code with the Redis ledger and limiter and with the
// embedded (memory) ones. Prints how far spend ended from the limit; a few seconds in all.
// BUDGET_BENCH_ROUNDS (default 5) rounds per ledger, BUDGET_BENCH_REQUESTS (default 200).

const rounds = Number(process.env.BUDGET_BENCH_ROUNDS ?? 5);
const requests = Number(process.env.BUDGET_BENCH_REQUESTS ?? 200);
const limitMicros = 500_000;

function line(name: string, results: BudgetBoundResult[]): string {
  const worst = Math.max(...results.map((result) => result.spentMicros / result.limitMicros));
  const overage = Math.max(...results.map((result) => result.overageMicros));
  const admitted = results.map((result) => result.admitted).join('/');
  const elapsed = results.map((result) => result.elapsedMs).sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
  return `  budget ${name.padEnd(7)} ${requests} concurrent x ${rounds}: spent at most ${(worst * 100).toFixed(1)}% of the limit, overage ${overage} µ$, admitted ${admitted}, median ${elapsed.toFixed(0)} ms a round`;
}

const redis = new Redis(redisUrl());
const prefix = uniqueRedisPrefix();
try {
  const shared: BudgetBoundResult[] = [];
  const embedded: BudgetBoundResult[] = [];
  for (let round = 0; round < rounds; round++) {
    shared.push(
      await runBudgetBound(new RedisBudgetLedger(redis, { prefix }), new RedisRateLimiter(redis, { prefix }), {
        keyId: `key_${randomBase62(20)}`,
        limitMicros,
        requests,
      }),
    );
    embedded.push(
      await runBudgetBound(new MemoryBudgetLedger(), new MemoryRateLimiter(), {
        keyId: `key_${randomBase62(20)}`,
        limitMicros,
        requests,
      }),
    );
  }
  console.log(line('redis', shared));
  console.log(line('memory', embedded));
  const broken = [...shared, ...embedded].some((result) => result.spentMicros > result.limitMicros || result.overageMicros > 0);
  if (broken) {
    console.error('the budget ended above its limit');
    process.exitCode = 1;
  }
} finally {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
