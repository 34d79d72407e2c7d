import { ChatStreamWriter } from '@switchboard/protocol';
import { PartsStreamTranslator } from '../exchange/parts-stream-translator';
import { joinUrl } from '../join-url';
import type { ProviderAdapter, UpstreamRequest } from '../provider-adapter';
import { anthropicAnswerParts } from './anthropic-answer-parts';
import { anthropicErrorDetails } from './anthropic-error-details';
import { anthropicHeaders } from './anthropic-headers';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder';
import { convertAnthropicResponse } from './convert-anthropic-response';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';
import { anthropicCountTokensRequest, anthropicCountTokensResponse } from './count-anthropic-tokens';
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
