import { hash } from 'node:crypto';
import { randomBase62 } from '@switchboard/protocol';

export const adminTokenPrefix = 'sb_admin_';
// 43 base62 characters carry about 256 bits.
export const adminTokenRandomLength = 43;

const adminTokenPattern = new RegExp(`^${adminTokenPrefix}[0-9A-Za-z]{${adminTokenRandomLength}}$`);

/** A fresh admin token: `sb_admin_` and 43 random base62 characters. */
export function generateAdminToken(): string {
  return `${adminTokenPrefix}${randomBase62(adminTokenRandomLength)}`;
}

/** Whether `text` has the shape of an admin token; anything else is refused before a lookup. */
export function isWellFormedAdminToken(text: unknown): text is string {
  return typeof text === 'string' && adminTokenPattern.test(text);
}

/** SHA-256 hex of a token: what is stored and looked up. Tokens are random, so no salt or slow hash is needed. */
export function hashToken(text: string): string {
  // The one-shot hash() skips the Hash object createHash() builds: 0.7 -> 0.2 µs, on every request.
  return hash('sha256', text, 'hex');
}

/** The recognisable parts kept for display: the prefix and first four random characters, and the last four. */
export function displayPartsOfAdminToken(token: string): { prefix: string; last4: string } {
  return { prefix: token.slice(0, adminTokenPrefix.length + 4), last4: token.slice(-4) };
}
