import { randomBase62 } from '@switchboard/protocol';
import { hashToken } from './admin-token-format';
import { crc32 } from './crc32';

export const apiKeyPrefix = 'sb_live_';
// 32 base62 characters carry about 190 random bits, well above the 128 required.
export const apiKeyRandomLength = 32;
// 62^6 (about 5.7e10) exceeds 2^32, so six characters hold any CRC32.
export const apiKeyChecksumLength = 6;
export const apiKeyLength = apiKeyPrefix.length + apiKeyRandomLength + apiKeyChecksumLength;

const base62Alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const apiKeyPattern = new RegExp(`^${apiKeyPrefix}[0-9A-Za-z]{${apiKeyRandomLength + apiKeyChecksumLength}}$`);

export type ApiKeyParseFailure = 'malformed' | 'bad_checksum';

export type ParsedApiKey = { ok: true; key: string } | { ok: false; reason: ApiKeyParseFailure };

/**
 * A fresh gateway API key in GitHub's scheme: `sb_live_`, 32 random base62 characters, then the
 * CRC32 of those characters in 6 base62 characters. The checksum lets the gateway (and secret
 * scanners) refuse typos and guesses without a database lookup; it adds no secrecy.
 */
export function generateApiKey(): string {
  const randomPart = randomBase62(apiKeyRandomLength);
  return `${apiKeyPrefix}${randomPart}${checksumOf(randomPart)}`;
}

/** Checks shape and checksum of a presented key. Pure and total: no I/O, never throws, whatever `text` is. */
export function parseApiKey(text: unknown): ParsedApiKey {
  // The length test first keeps a megabyte-long header from reaching the regular expression.
  if (typeof text !== 'string' || text.length !== apiKeyLength || !apiKeyPattern.test(text)) {
    return { ok: false, reason: 'malformed' };
  }
  const randomPart = text.slice(apiKeyPrefix.length, apiKeyPrefix.length + apiKeyRandomLength);
  if (text.slice(-apiKeyChecksumLength) !== checksumOf(randomPart)) return { ok: false, reason: 'bad_checksum' };
  return { ok: true, key: text };
}

/** SHA-256 hex of a key: what is stored and looked up. Keys are random, so no salt or slow hash is needed. */
export function hashApiKey(key: string): string {
  return hashToken(key);
}

/** The recognisable parts kept for display: the prefix with the first four random characters, and the last four. */
export function displayPartsOfApiKey(key: string): { prefix: string; last4: string } {
  return { prefix: key.slice(0, apiKeyPrefix.length + 4), last4: key.slice(-4) };
}

function checksumOf(randomPart: string): string {
  let value = crc32(randomPart);
  let encoded = '';
  for (let position = 0; position < apiKeyChecksumLength; position++) {
    encoded = base62Alphabet[value % 62] + encoded;
    value = Math.floor(value / 62);
  }
  return encoded;
}
