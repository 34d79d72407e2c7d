import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import { openSecret } from './open-secret';
import { parseKekRing } from './parse-kek-ring';
import { rewrapSealedSecret } from './rewrap-sealed-secret';
import { sealSecret } from './seal-secret';
import type { SealedSecret } from './sealed-secret';
import { VaultError } from './vault-error';

const secret = 'sk-ant-api03-rotate-me-0123456789';
const oldKek = `old:${randomBytes(32).toString('base64')}`;
const newKek = `new:${randomBytes(32).toString('base64')}`;
const row = { providerKeyId: 'pk_rot', providerId: 'anthropic' };

const oldOnly = new EnvironmentKeyWrapper(parseKekRing(oldKek));
const duringRotation = new EnvironmentKeyWrapper(parseKekRing(`${newKek},${oldKek}`));
const newOnly = new EnvironmentKeyWrapper(parseKekRing(newKek));

function rewrapped(result: SealedSecret | 'unchanged'): SealedSecret {
  if (result === 'unchanged') throw new Error('expected a rewrapped record');
  return result;
}

describe('rewrapSealedSecret', () => {
  it('moves a record to the newest KEK without touching the ciphertext', async () => {
    const sealed = await sealSecret(secret, row, oldOnly);
    expect(sealed.kekId).toBe('old');

    const rotated = rewrapped(await rewrapSealedSecret(sealed, row, duringRotation));
    expect(rotated.kekId).toBe('new');
    expect(rotated.wrappedDek).not.toBe(sealed.wrappedDek);
    expect({ ciphertext: rotated.ciphertext, nonce: rotated.nonce, authTag: rotated.authTag, last4: rotated.last4 }).toEqual({
      ciphertext: sealed.ciphertext,
      nonce: sealed.nonce,
      authTag: sealed.authTag,
      last4: sealed.last4,
    });

    // The old KEK can now be retired.
    expect(await openSecret(rotated, row, newOnly)).toBe(secret);
    await expect(openSecret(sealed, row, newOnly)).rejects.toMatchObject({ code: 'kek_not_loaded' });
  });

  it('reports unchanged when the record already uses the current KEK', async () => {
    const sealed = await sealSecret(secret, row, duringRotation);
    expect(await rewrapSealedSecret(sealed, row, duringRotation)).toBe('unchanged');
  });

  it('never decrypts the secret: a record with a garbage ciphertext still rewraps', async () => {
    const sealed = await sealSecret(secret, row, oldOnly);
    const garbage = { ...sealed, ciphertext: randomBytes(40).toString('base64') };
    const rotated = rewrapped(await rewrapSealedSecret(garbage, row, duringRotation));
    expect(rotated.ciphertext).toBe(garbage.ciphertext);
    expect(rotated.kekId).toBe('new');
  });

  it('fails loudly, naming the row, when the record KEK is not loaded', async () => {
    const sealed = await sealSecret(secret, row, oldOnly);
    const error: unknown = await rewrapSealedSecret(sealed, row, newOnly).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof VaultError)) throw new Error('expected a VaultError');
    expect(error.code).toBe('kek_not_loaded');
    expect(error.providerKeyId).toBe('pk_rot');
    expect(error.message).toContain('pk_rot');
    for (const keyText of [oldKek.split(':')[1]!, newKek.split(':')[1]!, secret]) {
      expect(error.message).not.toContain(keyText);
    }
  });

  it('refuses to rewrap a wrapped data key taken from another row', async () => {
    const sealed = await sealSecret(secret, row, oldOnly);
    const otherRow = { providerKeyId: 'pk_other', providerId: 'anthropic' };
    await expect(rewrapSealedSecret(sealed, otherRow, duringRotation)).rejects.toThrow('could not decrypt provider key pk_other');
  });
});
