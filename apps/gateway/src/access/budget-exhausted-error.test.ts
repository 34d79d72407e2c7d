import { describe, expect, it } from 'vitest';
import { budgetExhaustedError, formatUsd } from './budget-exhausted-error';

const base = {
  period: 'day' as const,
  limitMicros: 50_000,
  remainingMicros: 4_100,
  spentMicros: 45_900,
  reservedMicros: 0,
  costMicros: 9_300,
  closed: false,
  overageMicros: 0,
  windowEndMs: Date.parse('2030-01-02T00:00:00Z'),
};

describe('budgetExhaustedError', () => {
  it('says what the request may cost and what is left, through the 402 of the error table', () => {
    const error = budgetExhaustedError(base);
    expect(error).toMatchObject({ status: 402, type: 'insufficient_quota', code: 'budget_exhausted' });
    expect(error.message).toBe(
      "This request may cost up to $0.0093 and $0.0041 of $0.05 is left in this API key's daily budget. Send a shorter prompt or raise the budget.",
    );
  });

  it('names money held by running requests, and says "used up" only when the spend reached the limit', () => {
    expect(budgetExhaustedError({ ...base, remainingMicros: 0, reservedMicros: 4_100 }).message).toContain(
      "$0 of $0.05 is left in this API key's daily budget ($0.0041 more is held by requests still running)",
    );
    expect(budgetExhaustedError({ ...base, remainingMicros: 0, spentMicros: 50_000 }).message).toBe(
      "This API key's daily budget of $0.05 is used up until it resets at 2030-01-02T00:00:00.000Z or the budget is raised.",
    );
  });

  it('explains a window an overage closed', () => {
    expect(
      budgetExhaustedError({ ...base, closed: true, overageMicros: 27_990, windowEndMs: null, period: 'total' }).message,
    ).toBe(
      "A provider billed $0.02799 more than was reserved, so this API key's total budget of $0.05 is closed until the budget is raised.",
    );
  });

  it('never prints a non-zero amount as $0', () => {
    expect(formatUsd(1)).toBe('$0.000001');
    expect(formatUsd(1_230_000)).toBe('$1.23');
  });
});
