import type { EmbeddingsResponse } from './openai-embeddings-types';

/**
 * OpenAI's `encoding_format: "base64"`: each embedding as little-endian float32 bytes in base64.
 * The openai SDKs ask for it by default, so upstreams that only return float arrays (Gemini) are
 * converted here; embeddings that are already strings are left alone.
 */
export function encodeEmbeddingsAsBase64(response: EmbeddingsResponse): EmbeddingsResponse {
  return {
    ...response,
    data: response.data.map((item) => {
      if (typeof item.embedding === 'string') return item;
      const floats = Float32Array.from(item.embedding);
      return { ...item, embedding: Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64') };
    }),
  };
}
