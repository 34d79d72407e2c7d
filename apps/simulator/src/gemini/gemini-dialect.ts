import { defaultErrorMessage } from '../wire/default-error-message';
import type { Endpoint, WireDialect } from '../wire/wire-dialect';
import { geminiCountTokensEndpoint } from './gemini-count-tokens-endpoint';
import { geminiEmbedEndpoint } from './gemini-embed-endpoint';
import { geminiErrorBody } from './gemini-error-body';
import { geminiGenerateEndpoint } from './gemini-generate-endpoint';

const MODEL_METHOD_PATH = /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$/;

// A Map: the method is the caller's path segment (`:constructor` must not find Object's).
const ENDPOINTS = new Map<string, Endpoint>([
  ['generateContent', geminiGenerateEndpoint(false)],
  ['streamGenerateContent', geminiGenerateEndpoint(true)],
  ['batchEmbedContents', geminiEmbedEndpoint(true)],
  ['embedContent', geminiEmbedEndpoint(false)],
  ['countTokens', geminiCountTokensEndpoint],
]);

/** The Gemini API, rooted at `/p/{id}/v1beta`: `/models/{model}:{method}`. */
export const geminiDialect: WireDialect = {
  route(method, path) {
    const match = MODEL_METHOD_PATH.exec(path);
    if (match === null || method !== 'POST') return undefined;
    const endpoint = ENDPOINTS.get(match[2]!);
    return endpoint ? { endpoint, pathModel: decodeURIComponent(match[1]!) } : undefined;
  },

  presentedKey(headers, query) {
    const key = headers['x-goog-api-key'];
    if (typeof key === 'string' && key.length > 0) return key;
    return query.key !== undefined && query.key.length > 0 ? query.key : undefined;
  },

  authenticationMessage(key) {
    if (key === undefined) {
      return "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
    }
    return 'API key not valid. Please pass a valid API key.';
  },

  errorBody(status, message) {
    return geminiErrorBody(status, message);
  },

  responseHeaders() {
    return undefined;
  },

  defaultErrorMessage(status, providerId) {
    if (status === 429) return 'Resource has been exhausted (e.g. check quota).';
    if (status === 503) return 'The model is overloaded. Please try again later.';
    return defaultErrorMessage(status, providerId);
  },
};
