import { aesKeyLength, decryptAes256Gcm, encryptAes256Gcm, gcmAuthTagLength, gcmNonceLength } from './aes-256-gcm';
import { decodeStrictBase64 } from './decode-strict-base64';
import { encodeAssociatedData } from './encode-associated-data';
import type { KekRing } from './kek-ring';
import type { KeyWrapper, WrappedDataKey } from './key-wrapper';
import type { ProviderKeyContext } from './provider-key-context';
import { VaultError } from './vault-error';

const wrappedDekLength = gcmNonceLength + aesKeyLength + gcmAuthTagLength;

/**
 * Wraps data keys with AES-256-GCM under a KEK from a KekRing (VAULT_KEK or the local file).
 * Wrapped layout, base64: nonce (12 bytes) || encrypted data key (32) || tag (16). The associated
 * data binds the wrap to the KEK id and the row.
 */
export class EnvironmentKeyWrapper implements KeyWrapper {
  readonly #ring: KekRing;

  constructor(ring: KekRing) {
    this.#ring = ring;
  }

  get currentKekId(): string {
    return this.#ring.currentKekId;
  }

  canUnwrap(kekId: string): boolean {
    return this.#ring.has(kekId);
  }

  async wrap(dataKey: Buffer, context: ProviderKeyContext): Promise<WrappedDataKey> {
    const kekId = this.#ring.currentKekId;
    const kek = this.#ring.keyFor(kekId)!;
    const sealed = encryptAes256Gcm(kek, dataKey, dataKeyAssociatedData(kekId, context));
    const wrappedDek = Buffer.concat([sealed.nonce, sealed.ciphertext, sealed.authTag]).toString('base64');
    return { wrappedDek, kekId };
  }

  async unwrap(wrappedDek: string, kekId: string, context: ProviderKeyContext): Promise<Buffer> {
    const kek = this.#ring.keyFor(kekId);
    if (kek === undefined) throw VaultError.kekNotLoaded(context.providerKeyId, kekId);
    const bytes = decodeStrictBase64(wrappedDek);
    if (bytes === undefined || bytes.length !== wrappedDekLength) throw VaultError.decryptionFailed(context.providerKeyId);
    const dataKey = decryptAes256Gcm(
      kek,
      {
        nonce: bytes.subarray(0, gcmNonceLength),
        ciphertext: bytes.subarray(gcmNonceLength, gcmNonceLength + aesKeyLength),
        authTag: bytes.subarray(gcmNonceLength + aesKeyLength),
      },
      dataKeyAssociatedData(kekId, context),
    );
    if (dataKey === undefined) throw VaultError.decryptionFailed(context.providerKeyId);
    return dataKey;
  }
}

function dataKeyAssociatedData(kekId: string, context: ProviderKeyContext): Buffer {
  return encodeAssociatedData('switchboard.vault.data-key.v1', [kekId, context.providerKeyId, context.providerId]);
}
