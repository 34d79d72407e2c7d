import { describe, expect, it } from 'vitest';
import { assertProviderKeySecret } from './assert-provider-key-secret';
import { ProviderKeyStoreError } from './provider-key-store-error';

describe('assertProviderKeySecret', () => {
  it.each([
    ['a pasted newline', 'sk-live-abc123\n'],
    ['a carriage return inside', 'sk-live\r\nx-injected: 1'],
    ['a tab', 'sk-live\tabc'],
    ['a NUL byte', 'sk-live\u0000abc'],
    ['DEL', 'sk-live\u007fabc'],
  ])('refuses %s without quoting the secret', (_name, secret) => {
    let thrown: unknown;
    try {
      assertProviderKeySecret(secret);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderKeyStoreError);
    expect((thrown as ProviderKeyStoreError).code).toBe('invalid');
    expect((thrown as Error).message).toMatch(/control characters/);
    expect((thrown as Error).message).not.toContain('sk-live');
  });

  it('accepts printable secrets, spaces and non-ASCII included', () => {
    expect(() => assertProviderKeySecret('sk-proj-AbC_123-xyz')).not.toThrow();
    expect(() => assertProviderKeySecret('token with spaces é')).not.toThrow();
  });

  it('still refuses empty and oversized secrets', () => {
    expect(() => assertProviderKeySecret('  ')).toThrow(ProviderKeyStoreError);
    expect(() => assertProviderKeySecret('x'.repeat(16_385))).toThrow(ProviderKeyStoreError);
  });
});
