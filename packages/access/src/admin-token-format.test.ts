import { describe, expect, it } from 'vitest';
import { displayPartsOfAdminToken, generateAdminToken, hashToken, isWellFormedAdminToken } from './admin-token-format';

const wellFormed = `sb_admin_${'A1b2C3d4E5'.repeat(4)}xyz`;

describe('admin token format', () => {
  it('generates sb_admin_ and 43 base62 characters, different every time', () => {
    const tokens = Array.from({ length: 50 }, () => generateAdminToken());
    for (const token of tokens) {
      expect(token).toMatch(/^sb_admin_[0-9A-Za-z]{43}$/);
      expect(isWellFormedAdminToken(token)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(50);
  });

  it('accepts exactly the documented shape', () => {
    expect(wellFormed).toHaveLength(9 + 43);
    expect(isWellFormedAdminToken(wellFormed)).toBe(true);
    for (const malformed of [
      '',
      'sb_admin_',
      wellFormed.slice(0, -1),
      `${wellFormed}x`,
      wellFormed.replace('sb_admin_', 'sb_admon_'),
      wellFormed.replace('sb_admin_', 'SB_ADMIN_'),
      `${wellFormed.slice(0, -1)}-`,
      `${wellFormed.slice(0, -1)}=`,
      ` ${wellFormed}`,
      `${wellFormed}\n`,
    ]) {
      expect(isWellFormedAdminToken(malformed), JSON.stringify(malformed)).toBe(false);
    }
    for (const notText of [undefined, null, 42, { token: wellFormed }]) expect(isWellFormedAdminToken(notText)).toBe(false);
  });

  it('hashes with SHA-256 hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken(wellFormed)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(wellFormed)).not.toBe(hashToken(`${wellFormed.slice(0, -1)}Z`));
  });

  it('keeps only the prefix with four characters and the last four for display', () => {
    expect(displayPartsOfAdminToken(wellFormed)).toEqual({ prefix: 'sb_admin_A1b2', last4: '5xyz' });
  });
});
