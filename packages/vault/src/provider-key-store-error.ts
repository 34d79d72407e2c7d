export type ProviderKeyStoreErrorCode =
  /** No such provider, or no such key under that provider. */
  | 'not_found'
  /** The provider already has a key with that name. */
  | 'conflict'
  /** The key's status forbids the change (a revoked key is final). */
  | 'invalid_state'
  /** The caller passed an unusable name, secret, status or reason. */
  | 'invalid';

/**
 * What the provider-key store reports to its callers (the admin API maps the codes to 404, 409,
 * 409 and 400). Messages name providers, keys and key names, never a secret.
 */
export class ProviderKeyStoreError extends Error {
  readonly code: ProviderKeyStoreErrorCode;

  constructor(code: ProviderKeyStoreErrorCode, message: string) {
    super(message);
    this.name = 'ProviderKeyStoreError';
    this.code = code;
  }
}
