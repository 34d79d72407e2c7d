import { ProviderKeyStoreError } from './provider-key-store-error';

export const maximumProviderKeyNameLength = 64;

// Names show up in logs and the admin UI, where control characters could forge lines.
const controlCharacters = /\p{Cc}/u;

/** A key name: 1 to 64 characters (code points), not blank, without control characters. */
export function assertProviderKeyName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ProviderKeyStoreError('invalid', 'provider key name must be a non-empty string');
  }
  if (Array.from(name).length > maximumProviderKeyNameLength) {
    throw new ProviderKeyStoreError('invalid', `provider key name must be at most ${maximumProviderKeyNameLength} characters`);
  }
  if (controlCharacters.test(name)) {
    throw new ProviderKeyStoreError('invalid', 'provider key name must not contain control characters');
  }
}
