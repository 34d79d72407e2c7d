import { azureResponsesUrl } from '../azure-openai/azure-responses-url';
import { joinUrl } from '../join-url';
import type { AdapterTarget, NativeRequest, UpstreamRequest } from '../provider-adapter';

/** Inbound headers a Responses client may send that the upstream reads; never credentials. */
const FORWARDED_HEADERS = new Set(['openai-beta']);

function headersFor(target: AdapterTarget, forwarded: Record<string, string>): Record<string, string> {
  // Lower-cased so a configured extra header cannot sit beside ours in another case and smuggle
  // in a second key or content type: the adapter's own headers always win.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.provider.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(forwarded)) {
    const lowered = name.toLowerCase();
    if (FORWARDED_HEADERS.has(lowered)) headers[lowered] = value;
  }
  headers['content-type'] = 'application/json';
  if (target.provider.adapter === 'azure-openai') {
    delete headers.authorization;
    headers['api-key'] = target.apiKey;
  } else {
    delete headers['api-key'];
    if (target.apiKey.length > 0) headers.authorization = `Bearer ${target.apiKey}`;
    else delete headers.authorization;
  }
  return headers;
}

/**
 * Native passthrough of a Responses request to a provider that serves OpenAI's Responses API
 * (`CatalogProvider.responsesApi`): the client's body with only `model` (the upstream's name,
 * Azure's deployment) and `stream` (as the gateway asks) set, every other field in its place and
 * untouched (DESIGN.md contract 9), serialised once. OpenAI-shaped providers are called at
 * `{baseUrl}/responses` with a Bearer key, Azure at its own URL with `api-key`.
 */
export function openAIResponsesRequest(native: NativeRequest, target: AdapterTarget, stream: boolean): UpstreamRequest {
  const body: Record<string, unknown> = {};
  for (const field in native.body) body[field] = native.body[field];
  body.model = target.upstreamModel;
  // An absent flag already means a whole answer; only a client's own flag is overwritten.
  if (stream || 'stream' in body) body.stream = stream;
  const url =
    target.provider.adapter === 'azure-openai'
      ? azureResponsesUrl(target.provider)
      : joinUrl(target.provider.baseUrl, '/responses');
  return { url, method: 'POST', headers: headersFor(target, native.headers), body: JSON.stringify(body) };
}
