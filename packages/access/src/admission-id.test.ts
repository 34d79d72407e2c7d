import { describe, expect, it } from 'vitest';
import { decodeAdmissionId, encodeAdmissionId } from './admission-id';

describe('admission ids', () => {
  it('round-trip what release needs', () => {
    for (const admission of [
      { keyId: 'key_abc', leaseId: 'L1x', chargedTokens: 1234, tokenBucket: 18_000_000_000 },
      { keyId: 'key_abc', leaseId: null, chargedTokens: 0, tokenBucket: 0 },
    ]) {
      const id = encodeAdmissionId(admission);
      expect(decodeAdmissionId(id)).toEqual(admission);
    }
  });

  it('refuses text no limiter made', () => {
    for (const text of [
      '',
      'key_abc',
      'key_abc.L1',
      '.L1.5',
      'key_abc..5',
      'key_abc.L1.-5',
      'key_abc.L1.5',
      'key_abc.L1.1.5.6',
      'key_abc.L1.05.1',
      'key_abc.L1.5.-1',
    ]) {
      expect(decodeAdmissionId(text), text).toBeUndefined();
    }
  });
});
