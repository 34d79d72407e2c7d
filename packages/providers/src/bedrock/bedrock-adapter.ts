import { ChatStreamWriter } from '@switchboard/protocol';
import { anthropicAnswerParts } from '../anthropic/anthropic-answer-parts';
import { convertAnthropicResponse } from '../anthropic/convert-anthropic-response';
import { PartsStreamTranslator } from '../exchange/parts-stream-translator';
import { joinUrl } from '../join-url';
import type { AdapterTarget, ProviderAdapter, UpstreamRequest } from '../provider-adapter';
import { ProviderKeyFormatError } from '../provider-key-format-error';
import { bedrockSecretPieces, parseBedrockCredentials } from './bedrock-credentials';
import { bedrockErrorDetails } from './bedrock-error-details';
import { bedrockInvokeBody } from './bedrock-invoke-request';
import { BedrockStreamDecoder } from './bedrock-stream-decoder';
import { bedrockAnswerParts, convertBedrockResponse } from './convert-bedrock-response';
import { convertToBedrockRequest, isBedrockClaude } from './convert-to-bedrock-request';
import { signBedrockRequest } from './sign-bedrock-request';

/** An InvokeModel answer is Anthropic's message (`"type": "message"`); Converse's has `output`. */
function isAnthropicMessage(body: string): boolean {
  try {
    return (JSON.parse(body) as { type?: unknown } | null)?.type === 'message';
  } catch {
    return false;
  }
}

const REGION_IN_HOST = /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;

/** The provider's region: its own field, else the one in a `bedrock-runtime.<region>.amazonaws.com` base URL. */
export function bedrockRegion(target: AdapterTarget): string {
  if (target.provider.region) return target.provider.region;
  const match = REGION_IN_HOST.exec(new URL(target.provider.baseUrl).hostname);
  if (match?.[1]) return match[1];
  throw new ProviderKeyFormatError(`Bedrock provider '${target.provider.id}' names no region (set its 'region').`);
}

function modelUrl(
  target: AdapterTarget,
  action: 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream',
): string {
  // Model ids and inference profile ARNs carry ':' and '/', which belong encoded in one segment.
  return joinUrl(target.provider.baseUrl, `/model/${encodeURIComponent(target.upstreamModel)}/${action}`);
}

function headersFor(target: AdapterTarget, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.provider.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers.accept = stream ? 'application/vnd.amazon.eventstream' : 'application/json';
  return headers;
}

/**
 * Amazon Bedrock's Converse and ConverseStream APIs (one request shape for every model family
 * on Bedrock), and InvokeModel for Claude when the client spoke Anthropic's Messages. The request is built here without credentials and signed with SigV4 in
 * `authorize`, from the access key pair the vault holds as one secret; the stream is AWS's
 * binary event stream, which the gateway hands over as latin1 text.
 */
export const bedrockAdapter: ProviderAdapter = {
  id: 'bedrock',
  wireFormat: 'bedrock-converse',
  streamEncoding: 'latin1',

  chatRequest(request, target, stream, neutral): UpstreamRequest {
    // A Messages client asking Claude: its own body through InvokeModel, so what Converse cannot
    // carry (cache_control placement, signed thinking, documents, betas) reaches Claude intact.
    const native = neutral?.native;
    if (native?.format === 'anthropic-messages' && isBedrockClaude(target.upstreamModel)) {
      return {
        url: modelUrl(target, stream ? 'invoke-with-response-stream' : 'invoke'),
        method: 'POST',
        headers: headersFor(target, stream),
        body: bedrockInvokeBody(native),
      };
    }
    return {
      url: modelUrl(target, stream ? 'converse-stream' : 'converse'),
      method: 'POST',
      headers: headersFor(target, stream),
      body: JSON.stringify(convertToBedrockRequest(request, target.upstreamModel, neutral?.reasoning)),
    };
  },

  async authorize(request, target) {
    return signBedrockRequest(request, parseBedrockCredentials(target.apiKey), bedrockRegion(target));
  },

  secretPieces: bedrockSecretPieces,

  validateKey(apiKey) {
    parseBedrockCredentials(apiKey);
  },

  chatResponse(body, context) {
    if (isAnthropicMessage(body)) {
      return convertAnthropicResponse(body, { id: context.id, created: context.created, upstreamModel: context.upstreamModel });
    }
    return convertBedrockResponse(body, { id: context.id, created: context.created, upstreamModel: context.upstreamModel });
  },

  chatStream(context) {
    return new PartsStreamTranslator(new BedrockStreamDecoder(), new ChatStreamWriter(context));
  },

  streamParts() {
    return new BedrockStreamDecoder();
  },

  answerParts(body, context) {
    if (isAnthropicMessage(body)) return anthropicAnswerParts(body, context);
    return bedrockAnswerParts(body, { id: context.id, created: context.created, upstreamModel: context.upstreamModel });
  },

  errorDetails: bedrockErrorDetails,
};
