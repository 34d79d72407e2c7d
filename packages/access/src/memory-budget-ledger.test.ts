import { describe, expect, it } from 'vitest';
import { describeBudgetLedger } from './describe-budget-ledger';
import { MemoryBudgetLedger } from './memory-budget-ledger';

describeBudgetLedger('memory', async () => ({
  create: (options) => new MemoryBudgetLedger(options),
  dispose: async () => {},
}));

describe('MemoryBudgetLedger', () => {
  it('forgets windows that ended longer ago than a reservation can live', async () => {
    const ledger = new MemoryBudgetLedger({ reservationLifetimeMs: 1_000 });
    const day = Date.parse('2030-03-13T12:00:00Z');
    const reservation = await ledger.reserve({ keyId: 'key_a', limitMicros: 10, period: 'day', amountMicros: 10, nowMs: day });
    await ledger.settle(reservation.reservationId!, 10, day);
    // Two days later a new window is created, which sweeps the old one away.
    const later = day + 2 * 86_400_000;
    await ledger.reserve({ keyId: 'key_b', limitMicros: 10, period: 'day', amountMicros: 1, nowMs: later });
    expect((await ledger.usage('key_a', 10, 'day', day)).spentMicros).toBe(0);
  });

  it('ignores a repeated settlement for at least a minute, however many settle in between', async () => {
    const ledger = new MemoryBudgetLedger();
    const start = Date.parse('2030-03-13T12:00:00Z');
    const request = { keyId: 'key_a', limitMicros: 1_000_000, period: 'day' as const, amountMicros: 10, nowMs: start };
    const first = await ledger.reserve(request);
    await ledger.settle(first.reservationId!, 10, start);
    // Other requests settle over the next 59 seconds, turning the marker generations over.
    for (let second = 1; second < 60; second++) {
      const other = await ledger.reserve({ ...request, nowMs: start + second * 1_000 });
      await ledger.settle(other.reservationId!, 1, start + second * 1_000);
    }
    await ledger.settle(first.reservationId!, 10, start + 59_999);
    expect((await ledger.usage('key_a', 1_000_000, 'day', start + 59_999)).spentMicros).toBe(10 + 59);
  });
});
