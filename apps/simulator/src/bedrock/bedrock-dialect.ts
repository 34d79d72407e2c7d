import { defaultErrorMessage } from '../wire/default-error-message';
import type { WireDialect } from '../wire/wire-dialect';
import { bedrockConverseEndpoint } from './bedrock-converse-endpoint';
import { bedrockInvokeEndpoint } from './bedrock-invoke-endpoint';
import { verifySigV4 } from './verify-sigv4';

const MODEL_PATH = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;
const ENDPOINTS = {
  converse: bedrockConverseEndpoint(false),
  'converse-stream': bedrockConverseEndpoint(true),
  invoke: bedrockInvokeEndpoint(false),
  'invoke-with-response-stream': bedrockInvokeEndpoint(true),
} as const;

/** Bedrock's exception names by status, as its API reference lists them for Converse. */
const EXCEPTION_BY_STATUS: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/**
 * Amazon Bedrock's runtime, rooted at `/p/{id}`: `POST /model/{modelId}/converse` and
 * `/converse-stream`, and Claude's `/invoke` and `/invoke-with-response-stream`. Every request must carry a valid SigV4 signature for the simulator's test
 * key pair (checked over the method, path, signed headers and body), else 403 as Bedrock answers.
 */
export const bedrockDialect: WireDialect = {
  route(method, path) {
    const match = MODEL_PATH.exec(path);
    if (match === null || method !== 'POST') return undefined;
    return { endpoint: ENDPOINTS[match[2] as keyof typeof ENDPOINTS], pathModel: decodeURIComponent(match[1]!) };
  },

  verifyRequest(request) {
    const refusal = verifySigV4(request.method, request.path, request.query, request.headers, request.body ?? '');
    return refusal === undefined ? undefined : { status: 403, message: refusal.message, errorType: refusal.type };
  },

  presentedKey(headers) {
    const match = /Credential=([A-Z0-9]+)\//.exec(String(headers.authorization ?? ''));
    return match?.[1];
  },

  authenticationMessage() {
    return 'The security token included in the request is invalid.';
  },

  errorBody(_status, message) {
    return JSON.stringify({ message });
  },

  errorHeaders(status, errorType) {
    return {
      'x-amzn-errortype': `${errorType ?? EXCEPTION_BY_STATUS[status] ?? 'InternalServerException'}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    };
  },

  responseHeaders(requestId) {
    return { 'x-amzn-requestid': requestId };
  },

  defaultErrorMessage(status, providerId) {
    if (status === 429) return 'Too many requests, please wait before trying again.';
    if (status === 503) return 'Bedrock is unable to process your request.';
    if (status === 400) return 'Input is too long for requested model.';
    if (status === 403) return "You don't have access to the model with the specified model ID.";
    return defaultErrorMessage(status, providerId);
  },
};
