import type { BudgetPeriod } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { budgetPeriodWindow } from './budget-period-window';

const at = (iso: string) => Date.parse(iso);
const window = (period: BudgetPeriod, iso: string) => {
  const { startMs, endMs } = budgetPeriodWindow(period, at(iso));
  return [new Date(startMs).toISOString(), endMs === null ? null : new Date(endMs).toISOString()];
};

describe('budgetPeriodWindow', () => {
  it('cuts days at UTC midnight', () => {
    expect(window('day', '2030-03-10T23:59:59.999Z')).toEqual(['2030-03-10T00:00:00.000Z', '2030-03-11T00:00:00.000Z']);
    expect(window('day', '2030-03-11T00:00:00.000Z')).toEqual(['2030-03-11T00:00:00.000Z', '2030-03-12T00:00:00.000Z']);
  });

  it('starts weeks on Monday', () => {
    // 2030-03-10 is a Sunday, 2030-03-11 a Monday.
    expect(window('week', '2030-03-10T23:59:59.999Z')).toEqual(['2030-03-04T00:00:00.000Z', '2030-03-11T00:00:00.000Z']);
    expect(window('week', '2030-03-11T00:00:00.000Z')).toEqual(['2030-03-11T00:00:00.000Z', '2030-03-18T00:00:00.000Z']);
    expect(window('week', '2030-03-13T12:00:00.000Z')).toEqual(['2030-03-11T00:00:00.000Z', '2030-03-18T00:00:00.000Z']);
    // Across a year end.
    expect(window('week', '2030-01-01T00:00:00.000Z')).toEqual(['2029-12-31T00:00:00.000Z', '2030-01-07T00:00:00.000Z']);
  });

  it('uses calendar months, leap February and December included', () => {
    expect(window('month', '2028-02-29T23:59:59.999Z')).toEqual(['2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z']);
    expect(window('month', '2030-12-31T23:00:00.000Z')).toEqual(['2030-12-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z']);
    expect(window('month', '2031-01-01T00:00:00.000Z')).toEqual(['2031-01-01T00:00:00.000Z', '2031-02-01T00:00:00.000Z']);
  });

  it('never resets a total budget', () => {
    expect(budgetPeriodWindow('total', at('2030-03-10T12:00:00Z'))).toEqual({ startMs: 0, endMs: null });
  });

  it('refuses an unknown period', () => {
    expect(() => budgetPeriodWindow('year' as BudgetPeriod, 0)).toThrow(RangeError);
  });
});
