import { defaultErrorMessage } from '../wire/default-error-message';
import type { WireDialect } from '../wire/wire-dialect';
import { anthropicCountTokensEndpoint } from './anthropic-count-tokens-endpoint';
import { anthropicErrorBody } from './anthropic-error-body';
import { anthropicMessagesEndpoint } from './anthropic-messages-endpoint';

const messages = { endpoint: anthropicMessagesEndpoint, pathModel: undefined };
const countTokens = { endpoint: anthropicCountTokensEndpoint, pathModel: undefined };

/** Anthropic Messages, rooted at `/p/{id}` (the adapter appends `/v1/messages` or `/v1/messages/count_tokens`). */
export const anthropicDialect: WireDialect = {
  route(method, path) {
    if (path === '/v1/messages' && method === 'POST') return messages;
    if (path === '/v1/messages/count_tokens' && method === 'POST') return countTokens;
    return undefined;
  },

  presentedKey(headers) {
    const key = headers['x-api-key'];
    return typeof key === 'string' && key.length > 0 ? key : undefined;
  },

  authenticationMessage(key) {
    return key === undefined ? 'x-api-key header is required' : 'invalid x-api-key';
  },

  // The real API refuses requests without a version; an adapter that forgets it should fail here too.
  headerProblem(headers) {
    if (headers['anthropic-version'] === undefined) return { status: 400, message: 'anthropic-version: header is required' };
    return undefined;
  },

  errorBody(status, message, requestId) {
    return anthropicErrorBody(status, message, requestId);
  },

  responseHeaders(requestId) {
    return { 'request-id': requestId };
  },

  defaultErrorMessage(status, providerId) {
    return status === 529 ? 'Overloaded' : defaultErrorMessage(status, providerId);
  },
};
