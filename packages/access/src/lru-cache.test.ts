import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1, 1_000);
    cache.set('b', 2, 1_000);
    expect(cache.get('a', 0)).toBe(1);
    cache.set('c', 3, 1_000);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe(1);
    expect(cache.get('c', 0)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('treats an entry as gone from its expiry on, and frees its room', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 100);
    expect(cache.get('a', 99)).toBe(1);
    expect(cache.get('a', 100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('overwrites, deletes one, deletes by predicate and clears', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 100);
    cache.set('a', 2, 100);
    expect(cache.get('a', 0)).toBe(2);
    cache.set('b', 3, 100);
    cache.set('c', 4, 100);
    cache.delete('a');
    expect(cache.get('a', 0)).toBeUndefined();
    cache.deleteWhere((value) => value === 3);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('c', 0)).toBe(4);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses a size below one', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
