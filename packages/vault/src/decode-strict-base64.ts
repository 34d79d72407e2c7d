const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard, padded base64, or returns undefined. Buffer.from(text, 'base64') silently
 * skips invalid characters, which would turn a typo in a key into a different key.
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !base64Pattern.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Rejects non-canonical encodings (stray bits in the last character).
  if (bytes.toString('base64') !== text) return undefined;
  return bytes;
}
