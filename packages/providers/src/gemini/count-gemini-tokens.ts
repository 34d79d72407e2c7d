import type { ChatCompletionRequest } from '@switchboard/protocol';
import { joinUrl } from '../join-url';
import type { AdapterTarget, NativeRequest, UpstreamRequest } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { convertToGeminiRequest } from './convert-to-gemini-request';

/**
 * `models/{model}:countTokens` with a `generateContentRequest`: the bare `contents` form would
 * leave out the system instruction and the function declarations, which count toward the prompt
 * too. The conversation is converted exactly as for generateContent; generation settings are
 * left out, since they do not change the prompt's size. `native` is unused: no inbound surface
 * speaks Gemini's format.
 */
export function geminiCountTokensRequest(
  _native: NativeRequest | undefined,
  chat: ChatCompletionRequest,
  target: AdapterTarget,
): UpstreamRequest {
  const model = target.upstreamModel.replace(/^models\//, '');
  const { generationConfig: _generationConfig, ...prompt } = convertToGeminiRequest(chat, target.upstreamModel);
  // The key goes in a header, as for every Gemini call: URLs end up in logs.
  const headers: Record<string, string> = { 'content-type': 'application/json', ...target.provider.headers };
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  return {
    url: joinUrl(target.provider.baseUrl, `/models/${model}:countTokens`),
    method: 'POST',
    headers,
    body: JSON.stringify({ generateContentRequest: { model: `models/${model}`, ...prompt } }),
  };
}

/** `{"totalTokens": N, ...}` -> N. Google leaves zero-valued fields out, so an absent total is 0. */
export function geminiCountTokensResponse(body: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('Gemini countTokens answered with a body that is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UpstreamProtocolError('Gemini countTokens answered with a body that is not an object');
  }
  const tokens = (parsed as { totalTokens?: unknown }).totalTokens ?? 0;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
    throw new UpstreamProtocolError('Gemini countTokens answered without a whole totalTokens count');
  }
  return tokens;
}
