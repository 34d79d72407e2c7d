import type { EmbeddingsRequest } from '@switchboard/protocol';
import type { GeminiBatchEmbedContentsRequest, GeminiEmbedContentRequest } from './gemini-api';
import { readEmbeddingsInput } from './read-embeddings-input';

/** One batchEmbedContents body for every input; each request names the model as `models/<name>`. */
export function convertToGeminiEmbeddingsRequest(
  request: EmbeddingsRequest,
  upstreamModel: string,
): GeminiBatchEmbedContentsRequest {
  const model = upstreamModel.startsWith('models/') ? upstreamModel : `models/${upstreamModel}`;
  return {
    requests: readEmbeddingsInput(request).map((text) => {
      const item: GeminiEmbedContentRequest = { model, content: { parts: [{ text }] } };
      if (typeof request.dimensions === 'number') item.outputDimensionality = request.dimensions;
      return item;
    }),
  };
}
