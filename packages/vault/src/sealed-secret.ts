/**
 * A sealed secret as stored on its row. Every binary field is standard, padded base64, so the
 * record is plain JSON and maps to text columns without a bytea codec.
 *
 * - `ciphertext`, `nonce` (12 bytes), `authTag` (16 bytes): AES-256-GCM of the secret under its
 *   own data key, associated data = (provider key id, provider id).
 * - `wrappedDek`: the data key wrapped by the KEK `kekId`; its layout belongs to the KeyWrapper
 *   (for the environment KEK: nonce 12 bytes || encrypted key 32 bytes || tag 16 bytes).
 * - `last4`: the secret's last four characters for display; empty for secrets too short to show
 *   any of them safely.
 */
export interface SealedSecret {
  ciphertext: string;
  nonce: string;
  authTag: string;
  wrappedDek: string;
  kekId: string;
  last4: string;
}
