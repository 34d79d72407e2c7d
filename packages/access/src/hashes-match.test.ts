import { describe, expect, it } from 'vitest';
import { hashesMatch } from './hashes-match';

describe('hashesMatch', () => {
  it('is true only for identical digests', () => {
    const digest = 'a'.repeat(64);
    expect(hashesMatch(digest, 'a'.repeat(64))).toBe(true);
    expect(hashesMatch(digest, `${'a'.repeat(63)}b`)).toBe(false);
    expect(hashesMatch(digest, 'a'.repeat(63))).toBe(false);
    expect(hashesMatch(digest, '')).toBe(false);
  });
});
