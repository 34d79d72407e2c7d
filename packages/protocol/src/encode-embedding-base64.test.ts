import { describe, expect, it } from 'vitest';
import { encodeEmbeddingsAsBase64 } from './encode-embedding-base64';

describe('encodeEmbeddingsAsBase64', () => {
  it('encodes float arrays as little-endian float32 base64 and leaves strings alone', () => {
    const encoded = encodeEmbeddingsAsBase64({
      object: 'list',
      model: 'm',
      usage: { prompt_tokens: 1, total_tokens: 1 },
      data: [
        { object: 'embedding', index: 0, embedding: [1, -0.5] },
        { object: 'embedding', index: 1, embedding: 'AACAPw==' },
      ],
    });
    const bytes = Buffer.from(encoded.data[0]!.embedding as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -0.5]);
    expect(encoded.data[1]!.embedding).toBe('AACAPw==');
  });
});
