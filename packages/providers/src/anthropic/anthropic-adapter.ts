import { ChatStreamWriter } from '@switchboard/protocol';
import { PartsStreamTranslator } from '../exchange/parts-stream-translator';
import { joinUrl } from '../join-url';
import type { AdapterTarget, ProviderAdapter, UpstreamRequest } from '../provider-adapter';
import { anthropicAnswerParts } from './anthropic-answer-parts';
import { ANTHROPIC_DEFAULT_VERSION } from './anthropic-api';
import { anthropicErrorDetails } from './anthropic-error-details';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder';
import { convertAnthropicResponse } from './convert-anthropic-response';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';
import { anthropicCountTokensRequest, anthropicCountTokensResponse } from './count-anthropic-tokens';

/** The Anthropic Messages API (`POST /v1/messages`) behind the OpenAI chat surface. */
export const anthropicAdapter: ProviderAdapter = {
  id: 'anthropic',
  wireFormat: 'anthropic-messages',

  chatRequest(request, target, stream): UpstreamRequest {
    return {
      url: joinUrl(target.provider.baseUrl, '/v1/messages'),
      method: 'POST',
      headers: anthropicHeaders(target),
      body: JSON.stringify(convertToAnthropicRequest(request, target.upstreamModel, stream)),
    };
  },

  chatResponse(body, context) {
    return convertAnthropicResponse(body, { id: context.id, created: context.created, upstreamModel: context.upstreamModel });
  },

  chatStream(context) {
    return new PartsStreamTranslator(new AnthropicStreamDecoder(), new ChatStreamWriter(context));
  },

  streamParts() {
    return new AnthropicStreamDecoder();
  },

  answerParts(body, context) {
    return anthropicAnswerParts(body, context);
  },

  countTokensRequest: anthropicCountTokensRequest,
  countTokensResponse: anthropicCountTokensResponse,

  errorDetails: anthropicErrorDetails,
};

function anthropicHeaders(target: AdapterTarget): Record<string, string> {
  // Names are lower-cased so a configured extra header cannot sit beside ours in another case
  // and smuggle in a second key or content type: the adapter's own headers always win.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.provider.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers['anthropic-version'] = target.provider.apiVersion ?? ANTHROPIC_DEFAULT_VERSION;
  // Key-less servers (a local Anthropic-shaped proxy) get no key header from us.
  if (target.apiKey.length > 0) headers['x-api-key'] = target.apiKey;
  return headers;
}
