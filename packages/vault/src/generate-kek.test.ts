import { describe, expect, it } from 'vitest';
import { generateKek } from './generate-kek';
import { parseKekRing } from './parse-kek-ring';

describe('generateKek', () => {
  it('prints an id:base64 KEK that VAULT_KEK parsing accepts', () => {
    const kek = generateKek();
    expect(kek).toMatch(/^kek_\d{8}_[0-9a-f]{4}:[A-Za-z0-9+/]{43}=$/);
    const ring = parseKekRing(kek);
    expect(ring.currentKekId).toBe(kek.split(':')[0]);
  });

  it('produces a different key every time', () => {
    const first = generateKek('same').split(':')[1];
    const second = generateKek('same').split(':')[1];
    expect(first).not.toBe(second);
  });

  it('uses the id it is given and rejects ids VAULT_KEK would refuse', () => {
    expect(generateKek('prod-2025.1').startsWith('prod-2025.1:')).toBe(true);
    expect(() => generateKek('has:colon')).toThrow(/KEK id must be/);
    expect(() => generateKek('')).toThrow(/KEK id must be/);
  });
});
