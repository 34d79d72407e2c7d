import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Random bytes are drawn from the operating system a pool at a time (as Node's randomUUID does):
// one randomBytes() call per id cost ~3 µs, and the gateway mints two ids per request (the
// rate-limit lease and the budget reservation). Used bytes are zeroed, so the pool never holds
// the bytes behind an id or secret already handed out.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function nextRandomByte(): number {
  if (poolOffset === POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const value = pool[poolOffset]!;
  pool[poolOffset++] = 0;
  return value;
}

/** `length` random base62 characters, unbiased: byte values past 247 are dropped, not wrapped. */
export function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    const value = nextRandomByte();
    if (value < 248) text += ALPHABET[value % 62];
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
