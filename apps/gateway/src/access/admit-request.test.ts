import {
  type ApiKeySummary,
  type BudgetLedger,
  MemoryBudgetLedger,
  MemoryRateLimiter,
  type RateLimiter,
} from '@switchboard/access';
import type { RouteRequest } from '@switchboard/router';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../app/request-record';
import type { Attempt } from '../attempts/plan-attempts';
import type { AccessControl } from './access-control';
import { admitRequest } from './admit-request';

const key = {
  id: 'key_parallel',
  budgetMicros: 1_000_000,
  budgetPeriod: 'day',
  rpmLimit: 10,
  tpmLimit: null,
  concurrencyLimit: 1,
} as ApiKeySummary;
const attempt = {
  provider: { id: 'p', adapter: 'openai-compatible', baseUrl: 'https://api.deepseek.com', enabled: true, models: [] },
  model: { id: 'm', upstream: 'm', kind: 'chat', price: { input: 1, output: 2 }, maxOutputTokens: 1_000 },
} as unknown as Attempt;
const request = { model: 'm', kind: 'chat', stream: false, estimatedInputTokens: 10, maxOutputTokens: 100 } as RouteRequest;

function record(): RequestRecord {
  return {
    requestId: 'req_1',
    route: '/v1/chat/completions',
    apiKey: key,
    attempts: 0,
    attemptLog: [],
  } as unknown as RequestRecord;
}

describe('admitRequest', () => {
  it('asks the rate limiter and the budget ledger at once (one round trip when both are Redis scripts)', async () => {
    const ledger = new MemoryBudgetLedger();
    const limiter = new MemoryRateLimiter();
    let reserveCalled!: () => void;
    const reserving = new Promise<void>((resolve) => {
      reserveCalled = resolve;
    });
    // The limiter answers only once the ledger was asked: a sequential admission would never end.
    const waitingLimiter: RateLimiter = {
      admit: async (rateRequest) => {
        await reserving;
        return limiter.admit(rateRequest);
      },
      release: (id, tokens) => limiter.release(id, tokens),
    };
    const watchedLedger: BudgetLedger = Object.assign(Object.create(ledger) as BudgetLedger, {
      reserve: (budgetRequest: Parameters<BudgetLedger['reserve']>[0]) => {
        reserveCalled();
        return ledger.reserve(budgetRequest);
      },
    });
    const access = { limiter: waitingLimiter, ledger: watchedLedger } as unknown as AccessControl;
    const admission = await admitRequest(access, record(), request, [attempt]);
    expect(admission.reservationId).toBeDefined();
    expect(admission.rateLimitId).toBeDefined();
  });

  it('gives the budget back when the rate limit refuses, and the slot back when the budget does', async () => {
    const ledger = new MemoryBudgetLedger();
    const limiter = new MemoryRateLimiter();
    const access = { limiter, ledger } as unknown as AccessControl;
    const first = await admitRequest(access, record(), request, [attempt]);
    // The concurrency slot is taken: refused with 429, and nothing stays reserved for it.
    await expect(admitRequest(access, record(), request, [attempt])).rejects.toMatchObject({ status: 429 });
    const usage = await ledger.usage(key.id, key.budgetMicros!, 'day', Date.now());
    expect(usage.reservedMicros).toBe(first.reservedMicros);
    await limiter.release(first.rateLimitId!, 0);
    // A budget too small for the smallest request: 402, and the slot is free again at once.
    const poor = { ...key, id: 'key_poor', budgetMicros: 1 } as ApiKeySummary;
    const poorRecord = { ...record(), apiKey: poor } as RequestRecord;
    await expect(admitRequest(access, poorRecord, request, [attempt])).rejects.toMatchObject({ status: 402 });
    const rich = { ...poor, budgetMicros: 1_000_000 } as ApiKeySummary;
    await expect(admitRequest(access, { ...record(), apiKey: rich } as RequestRecord, request, [attempt])).resolves.toBeDefined();
  });

  it("reserves at the price book's rates in force, not the catalog's flat price", async () => {
    const access = { limiter: new MemoryRateLimiter(), ledger: new MemoryBudgetLedger() } as unknown as AccessControl;
    const flat = await admitRequest(access, record(), request, [attempt]);
    // 10 input tokens at $1/1M and 100 output at $2/1M: 210 micro-dollars at the flat price.
    expect(flat.reservedMicros).toBe(210);
    const dearer = { ...key, id: 'key_versioned' } as ApiKeySummary;
    const rates = {
      input: 10_000_000,
      cachedInput: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      output: 20_000_000,
      audioInput: 0,
      audioOutput: 0,
    };
    const versioned = await admitRequest(
      access,
      { ...record(), apiKey: dearer } as RequestRecord,
      request,
      [attempt],
      () => rates,
    );
    // The version in force is ten times dearer: so is the reservation.
    expect(versioned.reservedMicros).toBe(2_100);
  });
});
