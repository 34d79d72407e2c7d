import { randomBytes } from 'node:crypto';
import { aesKeyLength, encryptAes256Gcm } from './aes-256-gcm';
import type { KeyWrapper } from './key-wrapper';
import { lastFour } from './last-four';
import { assertProviderKeyContext, type ProviderKeyContext } from './provider-key-context';
import type { SealedSecret } from './sealed-secret';
import { secretAssociatedData } from './secret-associated-data';
import { VaultError } from './vault-error';

/** Encrypts a secret under a fresh data key, which the wrapper then wraps with the current KEK. */
export async function sealSecret(secret: string, context: ProviderKeyContext, wrapper: KeyWrapper): Promise<SealedSecret> {
  assertProviderKeyContext(context);
  if (typeof secret !== 'string' || secret === '') {
    throw new VaultError('invalid_input', `secret for provider key ${context.providerKeyId} must be a non-empty string`);
  }
  const dataKey = randomBytes(aesKeyLength);
  const plaintext = Buffer.from(secret, 'utf8');
  try {
    const encrypted = encryptAes256Gcm(dataKey, plaintext, secretAssociatedData(context));
    const wrapped = await wrapper.wrap(dataKey, context);
    return {
      ciphertext: encrypted.ciphertext.toString('base64'),
      nonce: encrypted.nonce.toString('base64'),
      authTag: encrypted.authTag.toString('base64'),
      wrappedDek: wrapped.wrappedDek,
      kekId: wrapped.kekId,
      last4: lastFour(secret),
    };
  } finally {
    // Best effort: the string form cannot be wiped, but the byte copies can.
    dataKey.fill(0);
    plaintext.fill(0);
  }
}
