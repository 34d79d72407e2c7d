import { openAIChatEndpoint } from '../openai/openai-chat-endpoint';
import { openAIEmbeddingsEndpoint } from '../openai/openai-embeddings-endpoint';
import { openAIErrorBody } from '../openai/openai-error-body';
import { openAIResponsesEndpoint } from '../openai/openai-responses-endpoint';
import { bearerToken } from '../wire/bearer-token';
import { defaultErrorMessage } from '../wire/default-error-message';
import type { WireDialect } from '../wire/wire-dialect';

const chat = openAIChatEndpoint(true);
const embeddings = openAIEmbeddingsEndpoint(true);
const responses = { endpoint: openAIResponsesEndpoint, pathModel: undefined };
const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;

/**
 * Azure OpenAI: OpenAI's bodies under `/openai/deployments/{deployment}/...?api-version=...`,
 * and the Responses API under `/openai/v1/responses`, authenticated with `api-key` (or an Entra
 * ID bearer token).
 */
export const azureOpenAIDialect: WireDialect = {
  route(method, path, query) {
    // The Responses API: on the v1 API without api-version (the deployment is the body's model),
    // or at /openai/responses with a dated preview api-version, as Microsoft documents both.
    if (path === '/openai/v1/responses' && method === 'POST') return responses;
    if (path === '/openai/responses' && method === 'POST') {
      if (query['api-version'] === undefined) {
        return { status: 404, message: 'Resource not found: the api-version query parameter is required.' };
      }
      return responses;
    }
    const match = DEPLOYMENT_PATH.exec(path);
    if (match === null || method !== 'POST') return undefined;
    if (query['api-version'] === undefined) {
      return { status: 404, message: 'Resource not found: the api-version query parameter is required.' };
    }
    return { endpoint: match[2] === 'embeddings' ? embeddings : chat, pathModel: decodeURIComponent(match[1]!) };
  },

  presentedKey(headers) {
    const apiKey = headers['api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
    return bearerToken(headers.authorization);
  },

  authenticationMessage() {
    return 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
  },

  errorBody(status, message) {
    return openAIErrorBody(status, message, true);
  },

  responseHeaders(requestId) {
    return { 'apim-request-id': requestId, 'x-request-id': requestId };
  },

  defaultErrorMessage,
};
