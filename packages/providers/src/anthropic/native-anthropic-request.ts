import { joinUrl } from '../join-url';
import type { AdapterTarget, NativeRequest, UpstreamRequest } from '../provider-adapter';
import { anthropicHeaders } from './anthropic-headers';

/**
 * Native passthrough of a Messages request: the client's body with only `model` (the upstream's
 * name) and `stream` (as the gateway asks) set, every other field in its place and untouched
 * (DESIGN.md contract 9), serialised once. DeepSeek's Anthropic endpoint is the provider's
 * `anthropicBaseUrl`; Anthropic itself serves the format at its `baseUrl`.
 */
export function nativeAnthropicRequest(native: NativeRequest, target: AdapterTarget, stream: boolean): UpstreamRequest {
  const body: Record<string, unknown> = {};
  for (const field in native.body) body[field] = native.body[field];
  body.model = target.upstreamModel;
  // The provider's fields for this model (a retired name's mode), where the client wrote none.
  if (target.bodyFields !== undefined) {
    for (const field in target.bodyFields) if (!(field in body)) body[field] = target.bodyFields[field];
  }
  // An absent flag already means a whole answer; only a client's own flag is overwritten.
  if (stream || 'stream' in body) body.stream = stream;
  return {
    url: joinUrl(target.provider.anthropicBaseUrl ?? target.provider.baseUrl, '/v1/messages'),
    method: 'POST',
    headers: anthropicHeaders(target, native.headers),
    body: JSON.stringify(body),
  };
}
