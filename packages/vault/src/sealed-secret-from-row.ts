import type { ProviderKeyRow } from '@switchboard/db';
import type { SealedSecret } from './sealed-secret';

export type SealedSecretColumns = Pick<ProviderKeyRow, 'ciphertext' | 'nonce' | 'authTag' | 'wrappedDek' | 'kekId' | 'last4'>;

/** The sealed record stored across a provider_keys row's columns. */
export function sealedSecretFromRow(row: SealedSecretColumns): SealedSecret {
  return {
    ciphertext: row.ciphertext,
    nonce: row.nonce,
    authTag: row.authTag,
    wrappedDek: row.wrappedDek,
    kekId: row.kekId,
    last4: row.last4,
  };
}
