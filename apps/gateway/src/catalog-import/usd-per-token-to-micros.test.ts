import { describe, expect, it } from 'vitest';
import { usdPerTokenToMicros } from './usd-per-token-to-micros';

describe('usdPerTokenToMicros', () => {
  it('converts OpenRouter strings and LiteLLM numbers exactly', () => {
    expect(usdPerTokenToMicros('0.0000025')).toBe(2_500_000);
    expect(usdPerTokenToMicros(2.5e-6)).toBe(2_500_000);
    expect(usdPerTokenToMicros(3.75e-8)).toBe(37_500);
    expect(usdPerTokenToMicros(3.6e-9)).toBe(3_600); // DeepSeek's $0.0036 per 1M
    expect(usdPerTokenToMicros(5.5e-13)).toBe(1); // 0.55 of a pico-dollar: rounded half up
    expect(usdPerTokenToMicros(4.9e-13)).toBe(0);
    expect(usdPerTokenToMicros(1.1e-7)).toBe(110_000); // a float product would give 110000.00000000001
    expect(usdPerTokenToMicros('0')).toBe(0);
    expect(usdPerTokenToMicros(15)).toBe(15_000_000_000_000);
  });

  it('refuses what is not a non-negative price', () => {
    for (const value of ['-1', '', 'free', null, undefined, Number.NaN, {}, '1e', '.']) {
      expect(usdPerTokenToMicros(value), String(value)).toBeUndefined();
    }
  });
});
