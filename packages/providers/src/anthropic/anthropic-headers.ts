import type { AdapterTarget } from '../provider-adapter';
import { ANTHROPIC_DEFAULT_VERSION } from './anthropic-api';

/**
 * The headers of every request to an Anthropic-format upstream. `forwarded` holds the client's
 * `anthropic-version` and `anthropic-beta` on native passthrough: they go up as they came (a beta
 * we do not know is the upstream's to judge, never ours to refuse).
 */
export function anthropicHeaders(target: AdapterTarget, forwarded?: Record<string, string>): Record<string, string> {
  // Names are lower-cased so a configured extra header cannot sit beside ours in another case
  // and smuggle in a second key or content type: the adapter's own headers always win.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.provider.headers ?? {})) headers[name.toLowerCase()] = value;
  let clientVersion: string | undefined;
  let clientBeta: string | undefined;
  for (const [name, value] of Object.entries(forwarded ?? {})) {
    const lowered = name.toLowerCase();
    if (lowered === 'anthropic-version') clientVersion = value;
    else if (lowered === 'anthropic-beta') clientBeta = value;
  }
  headers['content-type'] = 'application/json';
  headers['anthropic-version'] = clientVersion ?? target.provider.apiVersion ?? ANTHROPIC_DEFAULT_VERSION;
  if (clientBeta !== undefined) headers['anthropic-beta'] = clientBeta;
  // The gateway's provider key, never one the client sent; key-less servers (a local
  // Anthropic-shaped proxy) get no key header from us.
  if (target.apiKey.length > 0) headers['x-api-key'] = target.apiKey;
  return headers;
}
