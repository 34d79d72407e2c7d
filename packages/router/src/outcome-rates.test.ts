import { describe, expect, it } from 'vitest';
import { OutcomeRates } from './outcome-rates';

describe('OutcomeRates', () => {
  it('counts errors and timeouts as failures and 429s separately, over every attempt', () => {
    const rates = new OutcomeRates(60_000);
    rates.record('success', 0);
    rates.record('error', 0);
    rates.record('timeout', 0);
    rates.record('rate_limited', 0);
    expect(rates.errorRate()).toBeCloseTo(0.5, 9);
    expect(rates.rateLimitRate()).toBeCloseTo(0.25, 9);
  });

  it('pulls thin evidence towards no failures, and old failures fade back to it', () => {
    const rates = new OutcomeRates(1_000);
    rates.record('error', 0);
    expect(rates.sharesWithPrior(0, 2).errorRate).toBeCloseTo(1 / 3, 9);
    expect(rates.sharesWithPrior(10_000, 2).errorRate).toBeLessThan(0.001);
  });

  it('merges to what one instance recording everything would hold', () => {
    const together = new OutcomeRates(1_000);
    const first = new OutcomeRates(1_000);
    const second = new OutcomeRates(1_000);
    const kinds = ['success', 'error', 'rate_limited', 'success', 'timeout', 'success'] as const;
    kinds.forEach((kind, index) => {
      together.record(kind, index * 300);
      (index < 3 ? first : second).record(kind, index * 300);
    });
    first.merge(second.snapshot());
    expect(first.sharesWithPrior(2_000, 1)).toEqual({
      errorRate: expect.closeTo(together.sharesWithPrior(2_000, 1).errorRate, 9),
      rateLimitRate: expect.closeTo(together.sharesWithPrior(2_000, 1).rateLimitRate, 9),
    });
    expect(first.attemptsAt(2_000)).toBeCloseTo(together.attemptsAt(2_000), 9);
  });
});
