import { decryptAes256Gcm } from './aes-256-gcm';
import { decodeStrictBase64 } from './decode-strict-base64';
import type { KeyWrapper } from './key-wrapper';
import { assertProviderKeyContext, type ProviderKeyContext } from './provider-key-context';
import type { SealedSecret } from './sealed-secret';
import { secretAssociatedData } from './secret-associated-data';
import { VaultError } from './vault-error';

/**
 * Decrypts a sealed secret for the row it was sealed for. The plaintext is only returned to the
 * caller's memory; every failure is the same generic VaultError naming the provider key id.
 */
export async function openSecret(sealed: SealedSecret, context: ProviderKeyContext, wrapper: KeyWrapper): Promise<string> {
  assertProviderKeyContext(context);
  if (!wrapper.canUnwrap(sealed.kekId)) throw VaultError.kekNotLoaded(context.providerKeyId, sealed.kekId);
  const ciphertext = decodeStrictBase64(sealed.ciphertext);
  const nonce = decodeStrictBase64(sealed.nonce);
  const authTag = decodeStrictBase64(sealed.authTag);
  if (ciphertext === undefined || nonce === undefined || authTag === undefined) {
    throw VaultError.decryptionFailed(context.providerKeyId);
  }
  const dataKey = await wrapper.unwrap(sealed.wrappedDek, sealed.kekId, context);
  try {
    const plaintext = decryptAes256Gcm(dataKey, { ciphertext, nonce, authTag }, secretAssociatedData(context));
    if (plaintext === undefined) throw VaultError.decryptionFailed(context.providerKeyId);
    try {
      return plaintext.toString('utf8');
    } finally {
      plaintext.fill(0);
    }
  } finally {
    dataKey.fill(0);
  }
}
