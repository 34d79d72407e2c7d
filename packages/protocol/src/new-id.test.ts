import { describe, expect, it } from 'vitest';
import { newId, randomBase62 } from './new-id';

describe('newId', () => {
  it('prefixes 20 base62 characters and never repeats', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newId('pk')));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^pk_[0-9A-Za-z]{20}$/);
  });

  it('draws every base62 character', () => {
    const seen = new Set(randomBase62(20_000));
    expect(seen.size).toBe(62);
  });
});
