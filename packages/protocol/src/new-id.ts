import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` random base62 characters, unbiased: byte values past 247 are dropped, not wrapped. */
export function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const value of randomBytes(length + 8)) {
      if (value < 248 && text.length < length) text += ALPHABET[value % 62];
    }
  }
  return text;
}

/**
 * The one way to mint ids: a type prefix (`req`, `key`, `pk`, `adm`, ...) and 20 base62
 * characters (~119 random bits), e.g. `pk_3x9Qe...`. Prefixes make a leaked id self-describing.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
