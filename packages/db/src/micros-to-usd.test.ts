import { describe, expect, it } from 'vitest';
import { microsToUsd } from './micros-to-usd';
import { usdToMicros } from './usd-to-micros';

describe('microsToUsd', () => {
  it('shows micro-dollars as the dollar amount they stand for', () => {
    expect(microsToUsd(140_000)).toBe(0.14);
    expect(microsToUsd(2_800)).toBe(0.0028);
    expect(microsToUsd(1)).toBe(0.000001);
    expect(microsToUsd(6_000_000_000)).toBe(6000);
  });

  it('round-trips through usdToMicros', () => {
    for (const usd of [0.14, 0.0028, 0.27, 1.1, 2.5, 60, 0.000001]) {
      expect(microsToUsd(usdToMicros(usd))).toBe(usd);
    }
  });
});
