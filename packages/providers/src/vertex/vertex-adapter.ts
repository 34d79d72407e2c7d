import { ChatStreamWriter } from '@switchboard/protocol';
import { anthropicAnswerParts } from '../anthropic/anthropic-answer-parts';
import { anthropicErrorDetails } from '../anthropic/anthropic-error-details';
import { convertAnthropicResponse } from '../anthropic/convert-anthropic-response';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request';
import { stripUnsignedThinking } from '../anthropic/strip-unsigned-thinking';
import { PartsStreamTranslator } from '../exchange/parts-stream-translator';
import { convertGeminiResponse } from '../gemini/convert-gemini-response';
import { convertToGeminiRequest } from '../gemini/convert-to-gemini-request';
import { geminiAnswerParts } from '../gemini/gemini-answer-parts';
import { geminiErrorDetails } from '../gemini/gemini-error-details';
import { joinUrl } from '../join-url';
import type { AdapterTarget, NativeRequest, ProviderAdapter, UpstreamErrorDetails, UpstreamRequest } from '../provider-adapter';
import { ProviderKeyFormatError } from '../provider-key-format-error';
import { VertexAccessTokens } from './vertex-access-tokens';
import { parseVertexServiceAccount, vertexSecretPieces } from './vertex-service-account';
import { VertexStreamDecoder } from './vertex-stream-decoder';

/** The `anthropic_version` Vertex requires in the body of Claude requests (in place of the header). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Claude models are published by Anthropic on Vertex; every other model here by Google (Gemini). */
export function vertexPublisher(upstreamModel: string): 'anthropic' | 'google' {
  return /^claude/i.test(upstreamModel) ? 'anthropic' : 'google';
}

const tokens = new VertexAccessTokens();
const UNKNOWN_PROJECT = '-';

function projectOfKey(apiKey: string): string | undefined {
  try {
    return parseVertexServiceAccount(apiKey).projectId;
  } catch {
    return undefined;
  }
}

/** A model name as one path segment; '@' (Claude's version, `claude-sonnet-4-5@20250929`) is allowed there, as Google writes it. */
function pathSegment(model: string): string {
  return encodeURIComponent(model).replaceAll('%40', '@');
}

function modelUrl(target: AdapterTarget, method: string): string {
  const { provider } = target;
  // Never throws for the key: a request is built before its credential step, which refuses a
  // malformed key or a missing project as a failed attempt (another key or provider may serve).
  const project = provider.project ?? projectOfKey(target.apiKey) ?? UNKNOWN_PROJECT;
  const location = provider.location ?? 'us-central1';
  const model = target.upstreamModel.replace(/^models\//, '');
  const path =
    `/v1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}` +
    `/publishers/${vertexPublisher(model)}/models/${pathSegment(model)}:${method}`;
  return joinUrl(provider.baseUrl, path);
}

/**
 * A Messages client's own body for Claude on Vertex: every field as written (cache_control,
 * signed thinking, documents), with only Vertex's envelope changed (DESIGN.md contract 9): no
 * `model` (it is in the URL), `stream` as the endpoint needs, `anthropic_version` in the body,
 * the client's `anthropic-beta` header forwarded, unsigned thinking left out as for Anthropic.
 */
function nativeClaudeRequest(native: NativeRequest, target: AdapterTarget, stream: boolean): UpstreamRequest {
  const { body: client } = stripUnsignedThinking(native);
  const body: Record<string, unknown> = { anthropic_version: VERTEX_ANTHROPIC_VERSION };
  for (const field in client) if (field !== 'model' && field !== 'stream') body[field] = client[field];
  if (stream) body.stream = true;
  const headers = headersFor(target);
  const beta = Object.entries(native.headers).find(([name]) => name.toLowerCase() === 'anthropic-beta')?.[1];
  if (beta !== undefined) headers['anthropic-beta'] = beta;
  return {
    url: modelUrl(target, stream ? 'streamRawPredict' : 'rawPredict'),
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  };
}

function headersFor(target: AdapterTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.provider.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  return headers;
}

/**
 * Google Vertex AI: Gemini models in Gemini's wire format (`publishers/google/...:generateContent`,
 * `:streamGenerateContent?alt=sse`) and Claude models in Anthropic's (`publishers/anthropic/...:
 * rawPredict`, `:streamRawPredict`, with `anthropic_version` in the body and no `model`), both
 * encoded and decoded by the gemini and anthropic adapters' own converters; a Messages client's
 * own body goes to Claude as it came, in Vertex's envelope. The key is a
 * service account's JSON key; `authorize` adds an OAuth access token exchanged for it.
 */
export const vertexAdapter: ProviderAdapter = {
  id: 'vertex',
  // Gemini's, for native passthrough decisions; Claude requests are translated from the neutral form.
  wireFormat: 'gemini',

  chatRequest(request, target, stream, neutral): UpstreamRequest {
    if (vertexPublisher(target.upstreamModel) === 'anthropic') {
      const native = neutral?.native;
      if (native?.format === 'anthropic-messages') return nativeClaudeRequest(native, target, stream);
      const { model: _model, ...body } = convertToAnthropicRequest(request, target.upstreamModel, stream, neutral?.reasoning);
      return {
        url: modelUrl(target, stream ? 'streamRawPredict' : 'rawPredict'),
        method: 'POST',
        headers: headersFor(target),
        body: JSON.stringify({ anthropic_version: VERTEX_ANTHROPIC_VERSION, ...body }),
      };
    }
    return {
      url: modelUrl(target, stream ? 'streamGenerateContent?alt=sse' : 'generateContent'),
      method: 'POST',
      headers: headersFor(target),
      body: JSON.stringify(convertToGeminiRequest(request, target.upstreamModel)),
    };
  },

  async authorize(request, target, http) {
    const account = parseVertexServiceAccount(target.apiKey);
    if (!target.provider.project && !account.projectId) {
      throw new ProviderKeyFormatError(`Vertex provider '${target.provider.id}' names no project and its key has no project_id.`);
    }
    const accessToken = await tokens.tokenFor(target.apiKey, account, http);
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${accessToken}` } };
  },

  secretPieces: vertexSecretPieces,

  forgetCredentials(apiKey) {
    tokens.forget(apiKey);
  },

  validateKey(apiKey) {
    parseVertexServiceAccount(apiKey);
  },

  chatResponse(body, context) {
    if (vertexPublisher(context.upstreamModel) === 'anthropic') {
      return convertAnthropicResponse(body, { id: context.id, created: context.created, upstreamModel: context.upstreamModel });
    }
    return convertGeminiResponse(body, context);
  },

  chatStream(context) {
    return new PartsStreamTranslator(new VertexStreamDecoder(), new ChatStreamWriter(context));
  },

  streamParts() {
    return new VertexStreamDecoder();
  },

  answerParts(body, context) {
    return vertexPublisher(context.upstreamModel) === 'anthropic'
      ? anthropicAnswerParts(body, context)
      : geminiAnswerParts(body, context);
  },

  // Vertex answers Google's error shape for both publishers; Claude's own errors come in Anthropic's.
  errorDetails(status, body): UpstreamErrorDetails {
    const google = geminiErrorDetails(status, body);
    if (!google.message.startsWith('Gemini: ')) return google;
    const anthropic = anthropicErrorDetails(status, body);
    return anthropic.message.startsWith('Anthropic: ')
      ? { message: `Vertex: ${google.message.slice('Gemini: '.length)}` }
      : anthropic;
  },
};

/** The token cache, for tests that count exchanges. */
export const vertexAccessTokens = tokens;
