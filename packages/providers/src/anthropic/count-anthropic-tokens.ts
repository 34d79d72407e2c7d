import type { ChatCompletionRequest } from '@switchboard/protocol';
import { joinUrl } from '../join-url';
import type { AdapterTarget, NativeRequest, UpstreamRequest } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { ANTHROPIC_DEFAULT_VERSION } from './anthropic-api';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';

/**
 * Messages fields that `POST /v1/messages/count_tokens` answers with "Extra inputs are not
 * permitted": sampling, limits and delivery say nothing about the prompt's size. A deny list
 * rather than an allow list, so prompt fields Anthropic adds later (beta tools, MCP servers,
 * context management) still reach the counter as the client sent them.
 */
const FIELDS_COUNT_TOKENS_REFUSES = [
  'max_tokens',
  'stream',
  'metadata',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'service_tier',
  'container',
  'inference_geo',
] as const;

function countHeaders(target: AdapterTarget, native: NativeRequest | undefined): Record<string, string> {
  // Lower-cased, and ours written last, as for messages: a configured extra header cannot
  // smuggle in a second key or content type.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.provider.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  // The client's version describes the body it wrote; a translated body is in the adapter's own.
  headers['anthropic-version'] = native?.headers['anthropic-version'] ?? target.provider.apiVersion ?? ANTHROPIC_DEFAULT_VERSION;
  const beta = native?.headers['anthropic-beta'];
  if (beta !== undefined) headers['anthropic-beta'] = beta;
  if (target.apiKey.length > 0) headers['x-api-key'] = target.apiKey;
  return headers;
}

/**
 * `POST /v1/messages/count_tokens`: the client's own Messages body when it came in Anthropic's
 * format (minus the fields the counter refuses, with the upstream model), else the chat request
 * encoded as for messages.
 */
export function anthropicCountTokensRequest(
  native: NativeRequest | undefined,
  chat: ChatCompletionRequest,
  target: AdapterTarget,
): UpstreamRequest {
  const body: Record<string, unknown> = native
    ? { ...native.body }
    : { ...convertToAnthropicRequest(chat, target.upstreamModel, false) };
  for (const field of FIELDS_COUNT_TOKENS_REFUSES) delete body[field];
  body.model = target.upstreamModel;
  return {
    url: joinUrl(target.provider.baseUrl, '/v1/messages/count_tokens'),
    method: 'POST',
    headers: countHeaders(target, native),
    body: JSON.stringify(body),
  };
}

/** `{"input_tokens": N}` -> N. */
export function anthropicCountTokensResponse(body: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('Anthropic count_tokens answered with a body that is not JSON');
  }
  const tokens = (parsed as { input_tokens?: unknown } | null)?.input_tokens;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
    throw new UpstreamProtocolError('Anthropic count_tokens answered without a whole input_tokens count');
  }
  return tokens;
}
