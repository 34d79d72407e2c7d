import { ProviderKeyStoreError } from './provider-key-store-error';

// Far above any provider's API key (or a service-account JSON); bounds what one request can store.
export const maximumProviderKeySecretLength = 16_384;

/** A secret worth sealing. Errors never quote it. */
export function assertProviderKeySecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new ProviderKeyStoreError('invalid', 'provider key secret must be a non-empty string');
  }
  if (secret.length > maximumProviderKeySecretLength) {
    throw new ProviderKeyStoreError(
      'invalid',
      `provider key secret must be at most ${maximumProviderKeySecretLength} characters`,
    );
  }
}
