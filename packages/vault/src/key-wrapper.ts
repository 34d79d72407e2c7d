import type { ProviderKeyContext } from './provider-key-context';

export interface WrappedDataKey {
  /** Opaque to callers; its layout belongs to the wrapper. */
  wrappedDek: string;
  /** The KEK that wrapped it, stored on the row so rotation knows which records are behind. */
  kekId: string;
}

/**
 * Wraps and unwraps data keys with a key-encryption key. The environment KEK is one
 * implementation; a KMS or HashiCorp Vault transit backend fits the same shape (hence async).
 * The context should be bound into the wrap (AAD or encryption context) so a wrapped key only
 * unwraps for its own row.
 */
export interface KeyWrapper {
  /** The KEK new data keys are wrapped with. */
  readonly currentKekId: string;
  canUnwrap(kekId: string): boolean;
  wrap(dataKey: Buffer, context: ProviderKeyContext): Promise<WrappedDataKey>;
  /** Resolves to the data key; the caller zeroes it after use. Rejects with a VaultError on failure. */
  unwrap(wrappedDek: string, kekId: string, context: ProviderKeyContext): Promise<Buffer>;
}
