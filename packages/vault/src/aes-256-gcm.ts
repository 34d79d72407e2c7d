import { type CipherKey, createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const aesKeyLength = 32;
export const gcmNonceLength = 12;
export const gcmAuthTagLength = 16;

export interface AesGcmSealed {
  ciphertext: Buffer;
  nonce: Buffer;
  authTag: Buffer;
}

/** AES-256-GCM with a fresh random 96-bit nonce per call. */
export function encryptAes256Gcm(key: CipherKey, plaintext: Buffer, associatedData: Buffer): AesGcmSealed {
  const nonce = randomBytes(gcmNonceLength);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: gcmAuthTagLength });
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, nonce, authTag: cipher.getAuthTag() };
}

/**
 * Returns the plaintext, or undefined when anything does not authenticate. The caller turns that
 * into its own generic error; Node's error text is not passed on.
 */
export function decryptAes256Gcm(key: CipherKey, sealed: AesGcmSealed, associatedData: Buffer): Buffer | undefined {
  // Node accepts truncated tags unless told the length; a short tag is a forgery aid.
  if (sealed.nonce.length !== gcmNonceLength || sealed.authTag.length !== gcmAuthTagLength) return undefined;
  if (Buffer.isBuffer(key) && key.length !== aesKeyLength) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: gcmAuthTagLength });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}
