import { type EmbeddingsRequest, type EmbeddingsResponse, emptyUsage } from '@switchboard/protocol';
import type { EmbeddingsResult } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import type { GeminiBatchEmbedContentsResponse } from './gemini-api';
import { parseGeminiJson } from './parse-gemini-json';
import { readEmbeddingsInput } from './read-embeddings-input';

export interface GeminiEmbeddingsContext {
  upstreamModel: string;
  /** The client's request, to estimate usage from; without it the input tokens are reported as 0. */
  request?: EmbeddingsRequest;
}

/**
 * Gemini reports no token usage for embeddings, so input tokens are estimated as one token per
 * four characters (ceil(characters / 4)), the usual rule of thumb for English text.
 */
export function estimateEmbeddingsTokens(request: EmbeddingsRequest): number {
  const characters = readEmbeddingsInput(request).reduce((total, text) => total + text.length, 0);
  return Math.ceil(characters / 4);
}

/** A batchEmbedContents response as an OpenAI embeddings list, in input order. */
export function convertGeminiEmbeddingsResponse(body: string, context: GeminiEmbeddingsContext): EmbeddingsResult {
  const parsed = parseGeminiJson<GeminiBatchEmbedContentsResponse>(body, 'embeddings response');
  if (!Array.isArray(parsed.embeddings)) throw new UpstreamProtocolError('Gemini embeddings response has no embeddings');
  const data: EmbeddingsResponse['data'] = parsed.embeddings.map((embedding, index) => {
    if (!Array.isArray(embedding.values)) throw new UpstreamProtocolError(`Gemini embedding ${index} has no values`);
    return { object: 'embedding', index, embedding: embedding.values };
  });
  const inputTokens = context.request ? estimateEmbeddingsTokens(context.request) : 0;
  return {
    response: {
      object: 'list',
      data,
      model: context.upstreamModel,
      usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
    },
    usage: { ...emptyUsage(), inputTokens },
  };
}
