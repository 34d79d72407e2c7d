import { describe, expect, it } from 'vitest';
import { formatUsdCompact } from './format-usd-compact';

describe('formatUsdCompact', () => {
  it('keeps axis labels short at every scale', () => {
    expect(formatUsdCompact(0)).toBe('$0');
    expect(formatUsdCompact(2_399)).toBe('$0.0024');
    expect(formatUsdCompact(1_200)).toBe('$0.0012');
    expect(formatUsdCompact(30_000)).toBe('$0.03');
    expect(formatUsdCompact(12_345_678)).toBe('$12.35');
    expect(formatUsdCompact(2_500_000_000)).toBe('$2.5k');
  });
});
