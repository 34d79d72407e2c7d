import { joinUrl } from '../join-url';
import type { ProviderAdapter, UpstreamRequest } from '../provider-adapter';
import { anthropicErrorDetails } from './anthropic-error-details';
import { anthropicHeaders } from './anthropic-headers';
import { AnthropicStreamTranslator } from './anthropic-stream-translator';
import { convertAnthropicResponse } from './convert-anthropic-response';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';
import { nativeAnthropicRequest } from './native-anthropic-request';

/** The Anthropic Messages API (`POST /v1/messages`) behind the OpenAI chat surface. */
export const anthropicAdapter: ProviderAdapter = {
  id: 'anthropic',
  wireFormat: 'anthropic-messages',

  chatRequest(request, target, stream, neutral): UpstreamRequest {
    return {
      url: joinUrl(target.provider.baseUrl, '/v1/messages'),
      method: 'POST',
      headers: anthropicHeaders(target),
      body: JSON.stringify(convertToAnthropicRequest(request, target.upstreamModel, stream, neutral?.reasoning)),
    };
  },

  nativeRequest: nativeAnthropicRequest,

  chatResponse(body, context) {
    return convertAnthropicResponse(body, { id: context.id, created: context.created, upstreamModel: context.upstreamModel });
  },

  chatStream(context) {
    return new AnthropicStreamTranslator(context);
  },

  errorDetails: anthropicErrorDetails,
};
