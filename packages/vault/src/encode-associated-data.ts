/**
 * Associated data for AES-GCM. A JSON array is unambiguous (no separator an id could contain),
 * and the leading purpose label keeps the secret's and the data key's associated data distinct.
 */
export function encodeAssociatedData(purpose: string, parts: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify([purpose, ...parts]), 'utf8');
}
