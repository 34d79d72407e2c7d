import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseKekRing } from './parse-kek-ring';
import { VaultError } from './vault-error';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

function parseError(value: string): VaultError {
  try {
    parseKekRing(value);
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected parseKekRing to throw');
}

describe('parseKekRing', () => {
  it('parses one KEK', () => {
    const ring = parseKekRing(`kek_1:${keyA}`);
    expect(ring.currentKekId).toBe('kek_1');
    expect(ring.ids).toEqual(['kek_1']);
    expect(ring.keyFor('kek_1')?.export().toString('base64')).toBe(keyA);
  });

  it('makes the first of several the current one and loads all of them, tolerating spaces', () => {
    const ring = parseKekRing(` new:${keyB} , old:${keyA} `);
    expect(ring.currentKekId).toBe('new');
    expect(ring.ids).toEqual(['new', 'old']);
    expect(ring.keyFor('old')?.export().toString('base64')).toBe(keyA);
    expect(ring.has('missing')).toBe(false);
  });

  it('never shows key bytes when the ring is logged or serialised', () => {
    const ring = parseKekRing(`kek_1:${keyA}`);
    const hex = Buffer.from(keyA, 'base64').toString('hex');
    for (const text of [inspect(ring, { depth: 10, showHidden: true }), JSON.stringify(ring), String(ring)]) {
      expect(text).not.toContain(keyA);
      expect(text).not.toContain(hex.slice(0, 16));
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ currentKekId: 'kek_1', ids: ['kek_1'] });
  });

  const bad: { name: string; value: string; message: RegExp; secrets: string[] }[] = [
    { name: 'empty', value: '', message: /VAULT_KEK is empty/, secrets: [] },
    { name: 'whitespace only', value: '   ', message: /VAULT_KEK is empty/, secrets: [] },
    { name: 'an empty entry', value: `kek_1:${keyA},`, message: /entry 2 is empty/, secrets: [keyA] },
    { name: 'no colon', value: keyA, message: /entry 1 is not of the form id:base64key/, secrets: [keyA] },
    {
      name: 'bad base64',
      value: 'kek_1:c2VjcmV0*c2VjcmV0c2VjcmV0!!',
      message: /entry 1: key is not valid base64/,
      secrets: ['c2VjcmV0', '*c2', '!!'],
    },
    {
      name: 'unpadded base64',
      value: `kek_1:${keyA.replace(/=+$/, '')}`,
      message: /entry 1: key is not valid base64/,
      secrets: [keyA.slice(0, 20)],
    },
    {
      name: 'a 16-byte key',
      value: `kek_1:${randomBytes(16).toString('base64')}`,
      message: /entry 1 \(KEK "kek_1"\): key must be 32 bytes, got 16/,
      secrets: [],
    },
    {
      name: 'a 64-byte key',
      value: `kek_1:${keyA},kek_2:${randomBytes(64).toString('base64')}`,
      message: /entry 2 \(KEK "kek_2"\): key must be 32 bytes, got 64/,
      secrets: [keyA],
    },
    {
      name: 'duplicate ids',
      value: `kek_1:${keyA},kek_1:${keyB}`,
      message: /entry 2: KEK id "kek_1" appears more than once/,
      secrets: [keyA, keyB],
    },
    { name: 'an empty id', value: `:${keyA}`, message: /entry 1: KEK id must be/, secrets: [keyA] },
    { name: 'an id with a bad character', value: `kek/1:${keyA}`, message: /entry 1: KEK id must be/, secrets: ['kek/1', keyA] },
    {
      // The operator swapped id and key: the key text lands in the id position and must not be echoed.
      name: 'key and id swapped',
      value: `${keyA.replace(/[+/=]/g, 'x').slice(0, 43)}=:${keyB}`,
      message: /entry 1: KEK id must be/,
      secrets: [keyA.replace(/[+/=]/g, 'x').slice(0, 20), keyB],
    },
  ];

  for (const testCase of bad) {
    it(`rejects ${testCase.name} without quoting key material`, () => {
      const error = parseError(testCase.value);
      expect(error.code).toBe('invalid_kek_configuration');
      expect(error.message).toMatch(testCase.message);
      for (const secret of testCase.secrets) expect(error.message).not.toContain(secret);
    });
  }

  it('names the source it was given in messages', () => {
    expect(() => parseKekRing('', '/data/vault-kek')).toThrow(/^\/data\/vault-kek is empty/);
  });
});
