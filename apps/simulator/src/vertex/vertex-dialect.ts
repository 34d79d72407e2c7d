import { anthropicMessagesEndpoint } from '../anthropic/anthropic-messages-endpoint';
import { geminiErrorBody } from '../gemini/gemini-error-body';
import { geminiGenerateEndpoint } from '../gemini/gemini-generate-endpoint';
import { bearerToken } from '../wire/bearer-token';
import { defaultErrorMessage } from '../wire/default-error-message';
import { isRecord } from '../wire/is-record';
import type { Endpoint, WireDialect } from '../wire/wire-dialect';
import { vertexAccessTokenProblem } from './vertex-access-token';
import { vertexTokenEndpoint } from './vertex-token-endpoint';

/** The `anthropic_version` Vertex requires in the body of Claude requests. */
const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';
const MODEL_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/(google|anthropic)\/models\/([^/:]+):([A-Za-z]+)$/;

const GEMINI: Record<string, Endpoint> = {
  generateContent: geminiGenerateEndpoint(false),
  streamGenerateContent: geminiGenerateEndpoint(true),
};

/**
 * Claude on Vertex: Anthropic's Messages body at `:rawPredict` / `:streamRawPredict`, with
 * `anthropic_version` in the body instead of the header and the model in the URL, not the body.
 * Answered by the Anthropic endpoint, given the model from the path.
 */
function claudeEndpoint(stream: boolean): Endpoint {
  const withModel = (call: Parameters<Endpoint['answer']>[0]) =>
    isRecord(call.body) ? { ...call, body: { ...call.body, model: call.pathModel } } : call;
  return {
    countsTowardFaults: true,
    wantsStream: () => stream,
    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'The request body must be a JSON object.';
      if (body.anthropic_version !== VERTEX_ANTHROPIC_VERSION) return `anthropic_version: must be ${VERTEX_ANTHROPIC_VERSION}`;
      if (body.model !== undefined) return 'model: Extra inputs are not permitted';
      if (stream !== (body.stream === true))
        return stream ? 'stream: streamRawPredict needs stream: true' : 'stream: use streamRawPredict';
      return anthropicMessagesEndpoint.problem(withModel(call));
    },
    answer(call) {
      anthropicMessagesEndpoint.answer(withModel(call));
    },
  };
}

const CLAUDE: Record<string, Endpoint> = { rawPredict: claudeEndpoint(false), streamRawPredict: claudeEndpoint(true) };

/**
 * Google Vertex AI, rooted at `/p/{id}`: the OAuth token endpoint at `/token` (a service
 * account's key file names it as `token_uri`), and `/v1/projects/{project}/locations/{location}/
 * publishers/{google|anthropic}/models/{model}:{method}`, which takes only bearer tokens this
 * simulator issued at `/token`.
 */
export const vertexDialect: WireDialect = {
  route(method, path) {
    if (method !== 'POST') return undefined;
    if (path === '/token') return { endpoint: vertexTokenEndpoint, pathModel: undefined };
    const match = MODEL_PATH.exec(path);
    if (match === null) return undefined;
    const endpoint = (match[3] === 'google' ? GEMINI : CLAUDE)[match[5]!];
    return endpoint ? { endpoint, pathModel: decodeURIComponent(match[4]!) } : undefined;
  },

  presentedKey(headers) {
    return bearerToken(headers.authorization);
  },

  authenticationMessage() {
    return 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
  },

  headerProblem(headers) {
    const token = bearerToken(headers.authorization);
    if (token === undefined || vertexAccessTokenProblem(token) === undefined) return undefined;
    return { status: 401, message: vertexDialect.authenticationMessage(token) };
  },

  errorBody(status, message) {
    return geminiErrorBody(status, message);
  },

  responseHeaders() {
    return undefined;
  },

  defaultErrorMessage(status, providerId) {
    if (status === 429) return 'Resource exhausted. Please try again later.';
    return defaultErrorMessage(status, providerId);
  },
};
