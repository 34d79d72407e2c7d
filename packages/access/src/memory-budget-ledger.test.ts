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
});
