import { bearerToken } from '../wire/bearer-token';
import { defaultErrorMessage } from '../wire/default-error-message';
import { maskKey } from '../wire/mask-key';
import type { WireDialect } from '../wire/wire-dialect';
import { openAIChatEndpoint } from './openai-chat-endpoint';
import { openAICompletionsEndpoint } from './openai-completions-endpoint';
import { openAIEmbeddingsEndpoint } from './openai-embeddings-endpoint';
import { openAIErrorBody } from './openai-error-body';
import { openAIModelsEndpoint } from './openai-models-endpoint';
import { openAIResponsesEndpoint } from './openai-responses-endpoint';

const chat = { endpoint: openAIChatEndpoint(false), pathModel: undefined };
const embeddings = { endpoint: openAIEmbeddingsEndpoint(false), pathModel: undefined };
const models = { endpoint: openAIModelsEndpoint, pathModel: undefined };
const responses = { endpoint: openAIResponsesEndpoint, pathModel: undefined };
const completions = { endpoint: openAICompletionsEndpoint(), pathModel: undefined };

/** OpenAI and every OpenAI-compatible API (DeepSeek, Mistral, Groq...), rooted at `/p/{id}/v1`. */
export const openAIDialect: WireDialect = {
  route(method, path) {
    if (path === '/v1/chat/completions' && method === 'POST') return chat;
    if (path === '/v1/embeddings' && method === 'POST') return embeddings;
    if (path === '/v1/responses' && method === 'POST') return responses;
    // OpenAI's legacy text completions, and DeepSeek's FIM completions beside its /v1.
    if ((path === '/v1/completions' || path === '/beta/completions') && method === 'POST') return completions;
    if (path === '/v1/models' && method === 'GET') return models;
    return undefined;
  },

  presentedKey(headers) {
    return bearerToken(headers.authorization);
  },

  authenticationMessage(key) {
    if (key === undefined) {
      return "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    }
    return `Incorrect API key provided: ${maskKey(key)}.`;
  },

  errorBody(status, message) {
    return openAIErrorBody(status, message, false);
  },

  responseHeaders(requestId) {
    return { 'x-request-id': requestId };
  },

  defaultErrorMessage,
};
