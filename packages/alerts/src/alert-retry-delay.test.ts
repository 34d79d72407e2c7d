import { describe, expect, it } from 'vitest';
import { alertRetryDelay } from './alert-retry-delay';

describe('alertRetryDelay', () => {
  it('doubles from the base and stops at one hour', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7].map((attempt) => alertRetryDelay(attempt, 60_000) / 60_000);
    expect(minutes).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(alertRetryDelay(20, 60_000)).toBe(3_600_000);
    expect(alertRetryDelay(1, 50)).toBe(50);
  });
});
