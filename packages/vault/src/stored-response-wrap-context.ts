import type { ProviderKeyContext } from './provider-key-context';

/**
 * The context a stored response's data key is wrapped with (the wrapper binds a provider-key
 * shaped pair into its associated data): the row id and its owner. The gateway seals with it and
 * the rotation rewraps with it, so both must take it from here.
 */
export function storedResponseWrapContext(id: string, ownerKeyId: string): ProviderKeyContext {
  return { providerKeyId: id, providerId: ownerKeyId };
}
