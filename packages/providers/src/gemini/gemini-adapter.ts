import { ChatStreamWriter } from '@switchboard/protocol';
import { PartsStreamTranslator } from '../exchange/parts-stream-translator';
import { joinUrl } from '../join-url';
import type { AdapterTarget, ProviderAdapter } from '../provider-adapter';
import { convertGeminiEmbeddingsResponse } from './convert-gemini-embeddings-response';
import { convertGeminiResponse } from './convert-gemini-response';
import { convertToGeminiEmbeddingsRequest } from './convert-to-gemini-embeddings-request';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { geminiCountTokensRequest, geminiCountTokensResponse } from './count-gemini-tokens';
import { geminiAnswerParts } from './gemini-answer-parts';
import { geminiErrorDetails } from './gemini-error-details';
import { GeminiStreamDecoder } from './gemini-stream-decoder';

/** `${baseUrl}/models/<model>:<method>`; catalog entries may name the model with or without `models/`. */
function methodUrl(target: AdapterTarget, method: string): string {
  const model = target.upstreamModel.replace(/^models\//, '');
  return joinUrl(target.provider.baseUrl, `/models/${model}:${method}`);
}

/** The key goes in a header, never in the `?key=` query Google also accepts: URLs end up in logs. */
function headersFor(target: AdapterTarget): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...target.provider.headers };
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  return headers;
}

/** Google's Gemini API (generativelanguage.googleapis.com/v1beta): generateContent and batchEmbedContents. */
export const geminiAdapter: ProviderAdapter = {
  id: 'gemini',
  wireFormat: 'gemini',

  chatRequest(request, target, stream) {
    return {
      // alt=sse asks for Server-Sent Events; without it the stream is one long JSON array.
      url: methodUrl(target, stream ? 'streamGenerateContent?alt=sse' : 'generateContent'),
      method: 'POST',
      headers: headersFor(target),
      body: JSON.stringify(convertToGeminiRequest(request, target.upstreamModel)),
    };
  },

  chatResponse(body, context) {
    return convertGeminiResponse(body, context);
  },

  chatStream(context) {
    return new PartsStreamTranslator(new GeminiStreamDecoder(), new ChatStreamWriter(context));
  },

  streamParts() {
    return new GeminiStreamDecoder();
  },

  answerParts(body, context) {
    return geminiAnswerParts(body, context);
  },

  embeddingsRequest(request, target) {
    return {
      url: methodUrl(target, 'batchEmbedContents'),
      method: 'POST',
      headers: headersFor(target),
      body: JSON.stringify(convertToGeminiEmbeddingsRequest(request, target.upstreamModel)),
    };
  },

  // Gemini returns no usage for embeddings, so it is estimated from the client's texts.
  embeddingsResponse(body, context) {
    return convertGeminiEmbeddingsResponse(body, context);
  },

  countTokensRequest: geminiCountTokensRequest,
  countTokensResponse: geminiCountTokensResponse,

  errorDetails: geminiErrorDetails,
};
