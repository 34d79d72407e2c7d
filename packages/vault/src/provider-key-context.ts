import { VaultError } from './vault-error';

/**
 * The row a secret belongs to. It is bound into the associated data of both the secret's and the
 * data key's encryption, so a ciphertext copied onto another row does not decrypt there.
 */
export interface ProviderKeyContext {
  /** The provider_keys row id (`pk_...`). */
  providerKeyId: string;
  /** The provider the key is for (`openai`, `deepseek`, ...). */
  providerId: string;
}

export function assertProviderKeyContext(context: ProviderKeyContext): void {
  // An empty id would make every such row share associated data, defeating the row binding.
  if (typeof context.providerKeyId !== 'string' || context.providerKeyId === '') {
    throw new VaultError('invalid_input', 'providerKeyId must be a non-empty string');
  }
  if (typeof context.providerId !== 'string' || context.providerId === '') {
    throw new VaultError('invalid_input', `providerId must be a non-empty string (provider key ${context.providerKeyId})`);
  }
}
