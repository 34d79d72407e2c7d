import { describe, expect, it } from 'vitest';
import { apiKeyLength, displayPartsOfApiKey, generateApiKey, hashApiKey, parseApiKey } from './api-key-format';
import { crc32 } from './crc32';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Every key differing from `key` in exactly one character after the prefix, replaced by each other base62 character. */
function oneCharacterChanges(key: string): string[] {
  const changed: string[] = [];
  for (let position = 'sb_live_'.length; position < key.length; position++) {
    for (const character of base62) {
      if (character !== key[position]) changed.push(key.slice(0, position) + character + key.slice(position + 1));
    }
  }
  return changed;
}

describe('api key format', () => {
  it('generates sb_live_, 32 random base62 characters and a 6-character checksum, different every time', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    for (const key of keys) {
      expect(key).toMatch(/^sb_live_[0-9A-Za-z]{38}$/);
      expect(key).toHaveLength(apiKeyLength);
      expect(parseApiKey(key)).toEqual({ ok: true, key });
    }
    expect(new Set(keys).size).toBe(200);
  });

  it('encodes the CRC32 of the random part in base62, most significant digit first, zero-padded', () => {
    const key = generateApiKey();
    const randomPart = key.slice(8, 40);
    let decoded = 0;
    for (const character of key.slice(40)) decoded = decoded * 62 + base62.indexOf(character);
    expect(decoded).toBe(crc32(randomPart));
  });

  it('refuses every single-character change as a bad checksum', () => {
    const key = generateApiKey();
    const changed = oneCharacterChanges(key);
    expect(changed).toHaveLength(38 * 61);
    for (const candidate of changed) expect(parseApiKey(candidate)).toEqual({ ok: false, reason: 'bad_checksum' });
  });

  it('refuses wrong shapes as malformed', () => {
    const key = generateApiKey();
    for (const malformed of [
      '',
      'sb_live_',
      key.slice(0, -1),
      `${key}x`,
      key.replace('sb_live_', 'sb_test_'),
      key.replace('sb_live_', 'SB_LIVE_'),
      `${key.slice(0, -1)}-`,
      ` ${key}`,
      `${key}\n`,
      `Bearer ${key}`,
      `sb_admin_${key.slice(8)}`,
      key.replace(/.$/, 'é'),
    ]) {
      expect(parseApiKey(malformed), JSON.stringify(malformed)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = [undefined, null, 0, 42n, {}, [], Symbol('key'), () => 'sb_live_', 'x'.repeat(1_000_000)];
    for (let round = 0; round < 2_000; round++) {
      const length = Math.floor(Math.random() * 60);
      inputs.push(String.fromCharCode(...Array.from({ length }, () => Math.floor(Math.random() * 0xffff))));
      inputs.push(`sb_live_${Array.from({ length: 38 }, () => base62[Math.floor(Math.random() * 62)]).join('')}`);
    }
    for (const input of inputs) {
      const result = parseApiKey(input);
      if (!result.ok) expect(['malformed', 'bad_checksum']).toContain(result.reason);
    }
    // A random 38-character tail passes the checksum about once in 2^32 tries.
    const passed = inputs.filter((input) => parseApiKey(input).ok);
    expect(passed.length).toBeLessThanOrEqual(1);
  });

  it('hashes with SHA-256 hex and keeps only the prefix with four characters and the last four for display', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPartsOfApiKey(key)).toEqual({ prefix: key.slice(0, 12), last4: key.slice(-4) });
    expect(displayPartsOfApiKey(key).prefix).toMatch(/^sb_live_[0-9A-Za-z]{4}$/);
  });
});
