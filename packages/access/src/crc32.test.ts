import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('matches the published check values', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    expect(crc32('a')).toBe(0xe8b7be43);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('reads strings as UTF-8', () => {
    expect(crc32('é')).toBe(crc32(new Uint8Array([0xc3, 0xa9])));
    expect(crc32('é')).not.toBe(crc32(new Uint8Array([0xe9])));
    // ASCII first, then a character that needs encoding: the whole string is read as UTF-8.
    expect(crc32('sb_é')).toBe(crc32(new TextEncoder().encode('sb_é')));
    expect(crc32('sb_live_abc')).toBe(zlibCrc32('sb_live_abc'));
  });

  it('agrees with zlib on random input of every length up to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(length);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
  });
});
