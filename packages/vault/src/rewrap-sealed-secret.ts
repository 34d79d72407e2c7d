import type { KeyWrapper } from './key-wrapper';
import { assertProviderKeyContext, type ProviderKeyContext } from './provider-key-context';
import type { SealedSecret } from './sealed-secret';
import { VaultError } from './vault-error';

/**
 * KEK rotation for one record: unwraps its data key and wraps it again under the current KEK.
 * The secret's ciphertext, nonce and tag are carried over untouched, so the plaintext is never
 * produced. Returns 'unchanged' when the record already uses the current KEK.
 */
export async function rewrapSealedSecret(
  sealed: SealedSecret,
  context: ProviderKeyContext,
  wrapper: KeyWrapper,
): Promise<SealedSecret | 'unchanged'> {
  assertProviderKeyContext(context);
  if (sealed.kekId === wrapper.currentKekId) return 'unchanged';
  if (!wrapper.canUnwrap(sealed.kekId)) throw VaultError.kekNotLoaded(context.providerKeyId, sealed.kekId);
  const dataKey = await wrapper.unwrap(sealed.wrappedDek, sealed.kekId, context);
  try {
    const wrapped = await wrapper.wrap(dataKey, context);
    return { ...sealed, wrappedDek: wrapped.wrappedDek, kekId: wrapped.kekId };
  } finally {
    dataKey.fill(0);
  }
}
