// The vault's one error type. Messages may name a provider key id or a KEK id (both are labels,
// not secrets) but never a secret, a data key or a KEK: callers log and return these messages.

export type VaultErrorCode =
  /** VAULT_KEK (or the local KEK file) is malformed. */
  | 'invalid_kek_configuration'
  /** A shared database is configured but no VAULT_KEK is. */
  | 'kek_required'
  /** A sealed record names a KEK the key wrapper does not hold. */
  | 'kek_not_loaded'
  /** Authentication failed: wrong key, tampered record or record of another row. */
  | 'decryption_failed'
  /** The caller passed something unusable (empty secret, empty id). */
  | 'invalid_input';

export class VaultError extends Error {
  readonly code: VaultErrorCode;
  readonly providerKeyId: string | undefined;

  constructor(code: VaultErrorCode, message: string, providerKeyId?: string) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
    this.providerKeyId = providerKeyId;
  }

  /** Deliberately generic: saying which part failed would help an attacker probing tampered records. */
  static decryptionFailed(providerKeyId: string): VaultError {
    return new VaultError('decryption_failed', `could not decrypt provider key ${providerKeyId}`, providerKeyId);
  }

  static kekNotLoaded(providerKeyId: string, kekId: string): VaultError {
    return new VaultError(
      'kek_not_loaded',
      `provider key ${providerKeyId} is sealed with KEK "${kekId}", which is not loaded ` +
        '(with the environment KEK: add it to VAULT_KEK after the current one)',
      providerKeyId,
    );
  }
}
