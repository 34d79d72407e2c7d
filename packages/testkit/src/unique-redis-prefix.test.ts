import { describe, expect, it } from 'vitest';
import { uniqueRedisPrefix } from './unique-redis-prefix';

describe('uniqueRedisPrefix', () => {
  it('returns a new colon-terminated prefix every time', () => {
    const prefixes = Array.from({ length: 100 }, () => uniqueRedisPrefix());
    expect(new Set(prefixes).size).toBe(100);
    for (const prefix of prefixes) expect(prefix).toMatch(/^test:[0-9a-f]{16}:$/);
  });
});
