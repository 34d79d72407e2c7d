import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import type { KeyWrapper } from './key-wrapper';
import { openSecret } from './open-secret';
import { parseKekRing } from './parse-kek-ring';
import type { ProviderKeyContext } from './provider-key-context';
import { sealSecret } from './seal-secret';
import type { SealedSecret } from './sealed-secret';
import { VaultError } from './vault-error';

const secret = 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz-WXYZ';
const kekOne = randomBytes(32).toString('base64');
const kekTwo = randomBytes(32).toString('base64');
const wrapper = new EnvironmentKeyWrapper(parseKekRing(`one:${kekOne},two:${kekTwo}`));
const rowA: ProviderKeyContext = { providerKeyId: 'pk_aaa', providerId: 'openai' };
const rowB: ProviderKeyContext = { providerKeyId: 'pk_bbb', providerId: 'openai' };

/** Flips one bit of a base64 field, keeping it valid base64 of the same length. */
function flipBit(field: string, byteIndex = 0): string {
  const bytes = Buffer.from(field, 'base64');
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

function expectNoSecrets(error: VaultError): void {
  for (const forbidden of [secret, secret.slice(8, 24), kekOne, kekTwo]) {
    expect(error.message).not.toContain(forbidden);
    expect(String(error.stack)).not.toContain(forbidden);
  }
}

describe('sealSecret and openSecret', () => {
  it('round-trips a secret and records only metadata in the clear', async () => {
    const sealed = await sealSecret(secret, rowA, wrapper);
    expect(sealed.kekId).toBe('one');
    expect(sealed.last4).toBe('WXYZ');
    expect(Buffer.from(sealed.nonce, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.authTag, 'base64')).toHaveLength(16);
    expect(Buffer.from(sealed.wrappedDek, 'base64')).toHaveLength(60);
    expect(JSON.stringify(sealed)).not.toContain(secret.slice(0, 12));
    expect(await openSecret(sealed, rowA, wrapper)).toBe(secret);
  });

  it('round-trips non-ASCII secrets', async () => {
    const unicode = 'clé-secrète-🔑-ünïcødé-0123';
    expect(await openSecret(await sealSecret(unicode, rowA, wrapper), rowA, wrapper)).toBe(unicode);
  });

  it('uses a fresh data key and nonce for every seal', async () => {
    const first = await sealSecret(secret, rowA, wrapper);
    const second = await sealSecret(secret, rowA, wrapper);
    expect(second.ciphertext).not.toBe(first.ciphertext);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.wrappedDek).not.toBe(first.wrappedDek);
  });

  const tamperings: { field: string; tamper: (sealed: SealedSecret) => SealedSecret }[] = [
    { field: 'ciphertext', tamper: (sealed) => ({ ...sealed, ciphertext: flipBit(sealed.ciphertext, 3) }) },
    { field: 'nonce', tamper: (sealed) => ({ ...sealed, nonce: flipBit(sealed.nonce) }) },
    { field: 'authTag', tamper: (sealed) => ({ ...sealed, authTag: flipBit(sealed.authTag, 15) }) },
    { field: 'truncated authTag', tamper: (sealed) => ({ ...sealed, authTag: sealed.authTag.slice(0, 12) }) },
    { field: 'wrappedDek (nonce part)', tamper: (sealed) => ({ ...sealed, wrappedDek: flipBit(sealed.wrappedDek, 0) }) },
    { field: 'wrappedDek (key part)', tamper: (sealed) => ({ ...sealed, wrappedDek: flipBit(sealed.wrappedDek, 20) }) },
    { field: 'wrappedDek (tag part)', tamper: (sealed) => ({ ...sealed, wrappedDek: flipBit(sealed.wrappedDek, 59) }) },
    { field: 'kekId (another loaded KEK)', tamper: (sealed) => ({ ...sealed, kekId: 'two' }) },
    { field: 'ciphertext (not base64)', tamper: (sealed) => ({ ...sealed, ciphertext: `*${sealed.ciphertext.slice(1)}` }) },
  ];

  for (const { field, tamper } of tamperings) {
    it(`refuses a record with a tampered ${field}, with a generic message`, async () => {
      const sealed = await sealSecret(secret, rowA, wrapper);
      const error = await rejection(openSecret(tamper(sealed), rowA, wrapper));
      expect(error.code).toBe('decryption_failed');
      expect(error.message).toBe('could not decrypt provider key pk_aaa');
      expectNoSecrets(error);
    });
  }

  it('reports a kekId that is not loaded as such, naming the row', async () => {
    const sealed = await sealSecret(secret, rowA, wrapper);
    const error = await rejection(openSecret({ ...sealed, kekId: 'gone' }, rowA, wrapper));
    expect(error.code).toBe('kek_not_loaded');
    expect(error.message).toContain('pk_aaa');
    expect(error.message).toContain('"gone"');
    expectNoSecrets(error);
  });

  it('does not decrypt a ciphertext moved to another row', async () => {
    const sealedA = await sealSecret(secret, rowA, wrapper);
    const sealedB = await sealSecret('sk-other-secret-for-row-b-000', rowB, wrapper);
    const error = await rejection(openSecret(sealedA, rowB, wrapper));
    expect(error.message).toBe('could not decrypt provider key pk_bbb');
    // Only the secret's fields moved, the wrapped data key stayed: still refused.
    const swapped = { ...sealedB, ciphertext: sealedA.ciphertext, nonce: sealedA.nonce, authTag: sealedA.authTag };
    await expect(openSecret(swapped, rowB, wrapper)).rejects.toThrow('could not decrypt provider key pk_bbb');
    // And B's row still opens with its own record.
    expect(await openSecret(sealedB, rowB, wrapper)).toBe('sk-other-secret-for-row-b-000');
  });

  it('binds the row in the secret itself, even behind a wrapper that ignores the context', async () => {
    // A KMS backend might not bind the row into its wrap; the secret's own associated data must.
    const contextBlindWrapper: KeyWrapper = {
      currentKekId: 'plain',
      canUnwrap: (kekId) => kekId === 'plain',
      wrap: async (dataKey) => ({ wrappedDek: dataKey.toString('base64'), kekId: 'plain' }),
      unwrap: async (wrappedDek) => Buffer.from(wrappedDek, 'base64'),
    };
    const sealed = await sealSecret(secret, rowA, contextBlindWrapper);
    expect(await openSecret(sealed, rowA, contextBlindWrapper)).toBe(secret);
    await expect(openSecret(sealed, rowB, contextBlindWrapper)).rejects.toThrow('could not decrypt provider key pk_bbb');
    await expect(openSecret(sealed, { ...rowA, providerId: 'mistral' }, contextBlindWrapper)).rejects.toThrow(
      'could not decrypt provider key pk_aaa',
    );
  });

  it('binds the provider id too', async () => {
    const sealed = await sealSecret(secret, rowA, wrapper);
    await expect(openSecret(sealed, { ...rowA, providerId: 'deepseek' }, wrapper)).rejects.toThrow(
      'could not decrypt provider key pk_aaa',
    );
  });

  it('refuses a wrapper whose KEK has the same id but other bytes', async () => {
    const sealed = await sealSecret(secret, rowA, wrapper);
    const impostor = new EnvironmentKeyWrapper(parseKekRing(`one:${randomBytes(32).toString('base64')}`));
    await expect(openSecret(sealed, rowA, impostor)).rejects.toThrow('could not decrypt provider key pk_aaa');
  });

  it('rejects an empty secret and empty row ids', async () => {
    await expect(sealSecret('', rowA, wrapper)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sealSecret(secret, { providerKeyId: '', providerId: 'openai' }, wrapper)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(sealSecret(secret, { providerKeyId: 'pk_x', providerId: '' }, wrapper)).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
