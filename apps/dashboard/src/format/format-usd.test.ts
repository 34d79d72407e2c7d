import { describe, expect, it } from 'vitest';
import { formatUsd } from './format-usd';

describe('formatUsd', () => {
  it('shows fractions of a cent to the micro-dollar and larger amounts in cents', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(1_557)).toBe('$0.001557');
    expect(formatUsd(440)).toBe('$0.00044');
    expect(formatUsd(10_000)).toBe('$0.01');
    expect(formatUsd(5_000_000)).toBe('$5.00');
    expect(formatUsd(1_234_567_890)).toBe('$1,234.57');
  });
});
