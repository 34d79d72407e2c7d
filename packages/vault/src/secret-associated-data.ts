import { encodeAssociatedData } from './encode-associated-data';
import type { ProviderKeyContext } from './provider-key-context';

// The KEK id is left out on purpose: rotation changes it without re-encrypting the secret.
export function secretAssociatedData(context: ProviderKeyContext): Buffer {
  return encodeAssociatedData('switchboard.vault.secret.v1', [context.providerKeyId, context.providerId]);
}
