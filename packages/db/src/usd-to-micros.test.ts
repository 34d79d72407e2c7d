import { describe, expect, it } from 'vitest';
import { usdToMicros } from './usd-to-micros';

describe('usdToMicros', () => {
  it('converts published prices exactly, even where multiplying by 1e6 is not an integer', () => {
    expect(2.01 * 1_000_000).not.toBe(2_010_000);
    expect(usdToMicros(2.01)).toBe(2_010_000);
    expect(usdToMicros(4.1)).toBe(4_100_000);
    expect(usdToMicros(0.14)).toBe(140_000);
    expect(usdToMicros(0.0028)).toBe(2_800);
    expect(usdToMicros(0.07)).toBe(70_000);
    expect(usdToMicros(1.1)).toBe(1_100_000);
    expect(usdToMicros(2.19)).toBe(2_190_000);
    expect(usdToMicros(15)).toBe(15_000_000);
    expect(usdToMicros(0)).toBe(0);
  });

  it('rounds sub-micro digits half away from zero, including exponent notation', () => {
    expect(usdToMicros(0.0000005)).toBe(1);
    expect(usdToMicros(0.00000049)).toBe(0);
    expect(usdToMicros(1e-7)).toBe(0);
    expect(usdToMicros(1.5e-6)).toBe(2);
    expect(usdToMicros(0.1234565)).toBe(123_457);
    // Math.round(x * 1e6) gets these wrong: the product lands just below .5.
    expect(0.0001245 * 1_000_000).toBeLessThan(124.5);
    expect(usdToMicros(0.0001245)).toBe(125);
    expect(usdToMicros(0.0002535)).toBe(254);
    expect(usdToMicros(-0.0000015)).toBe(-2);
    expect(usdToMicros(-0.14)).toBe(-140_000);
  });

  it('handles large amounts and rejects the unrepresentable', () => {
    expect(usdToMicros(1e9)).toBe(1_000_000_000_000_000);
    expect(usdToMicros(1.5e3)).toBe(1_500_000_000);
    expect(() => usdToMicros(1e10)).toThrow(RangeError);
    expect(() => usdToMicros(Number.NaN)).toThrow(RangeError);
    expect(() => usdToMicros(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
