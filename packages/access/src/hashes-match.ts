import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two hex digests in constant time, so response timing does not reveal how much of a
 * stored hash a guess matched. Different lengths are simply unequal (the length is public).
 */
export function hashesMatch(expected: string, actual: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const actualBytes = Buffer.from(actual, 'utf8');
  return expectedBytes.length === actualBytes.length && timingSafeEqual(expectedBytes, actualBytes);
}
