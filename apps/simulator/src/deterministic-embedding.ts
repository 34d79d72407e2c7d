/** FNV-1a over UTF-16 code units: a stable seed per input text. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A unit-length vector that depends only on the text and the dimensions, so the same input always
 * embeds the same way and different inputs (almost always) differ. Float32 so that float and
 * base64 encodings carry identical numbers.
 */
export function deterministicEmbedding(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  let state = hashText(text) || 1;
  let sumOfSquares = 0;
  for (let index = 0; index < dimensions; index++) {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = (state >>> 0) / 0xffffffff - 0.5;
    vector[index] = value;
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  for (let index = 0; index < dimensions; index++) vector[index] = vector[index]! / norm;
  return vector;
}
