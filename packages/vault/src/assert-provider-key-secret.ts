import { ProviderKeyStoreError } from './provider-key-store-error';

// Secrets travel in header values (Authorization, x-api-key): a control character there, a
// pasted newline most often, would be refused by the HTTP client on every request it is picked for.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const controlCharacter = /[\u0000-\u001f\u007f]/;

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
  if (controlCharacter.test(secret)) {
    throw new ProviderKeyStoreError(
      'invalid',
      'provider key secret must not contain control characters (a pasted newline or tab?)',
    );
  }
}
