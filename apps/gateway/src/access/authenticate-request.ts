import type { IncomingHttpHeaders } from 'node:http';
import { type ApiKeySummary, isEndpointAllowed, isIpAllowed } from '@switchboard/access';
import { GatewayError } from '@switchboard/protocol';
import type { AccessControl } from './access-control';
import { unauthenticated } from './unauthenticated';

// A key may always describe itself, the models, and its own requests' usage.
const ALWAYS_ALLOWED = new Set(['/v1/key', '/v1/models', '/v1/generation']);

/** Counting tokens does no work a provider bills: a key that may send messages may count them. */
function scopedEndpoint(endpoint: string): string {
  if (endpoint === '/v1/messages/count_tokens') return '/v1/messages';
  return endpoint.startsWith('/v1/models/') ? '/v1/models' : endpoint;
}

/**
 * The presented gateway key: `Authorization: Bearer` (OpenAI SDKs, Claude Code's
 * ANTHROPIC_AUTH_TOKEN) or `x-api-key` (the Anthropic SDK, Claude Code's ANTHROPIC_API_KEY).
 * Both take the same gateway keys; a Bearer header wins when both are sent.
 */
function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const apiKey = headers['x-api-key'];
  if (typeof apiKey !== 'string') return undefined;
  const trimmed = apiKey.trim();
  return trimmed.length > 0 && !/\s/.test(trimmed) ? trimmed : undefined;
}

/**
 * Authenticates a /v1 call and checks the key's client-address and endpoint scopes: 401 (one body
 * for every reason) or 403 naming what is not allowed.
 */
export async function authenticateRequest(
  access: AccessControl,
  headers: IncomingHttpHeaders,
  clientIp: string,
  endpoint: string,
): Promise<ApiKeySummary> {
  const result = await access.authenticator.authenticate(presentedKey(headers), clientIp, Date.now());
  if (!result.ok) {
    // An address over its failed-key limit: told to back off rather than held with a delayed 401
    // (a delay would cost the gateway a socket and a timer per guess). The 429 says nothing about
    // the key, since every failing key from that address gets it; a key that verifies never does.
    if (result.reason === 'too_many_failures') {
      throw new GatewayError({
        status: 429,
        type: 'rate_limit_error',
        code: 'too_many_failed_attempts',
        retryAfter: Math.max(1, Math.ceil((result.retryAfterMs ?? 60_000) / 1000)),
        message: 'Too many requests with invalid API keys from this address. Retry later with a valid key.',
      });
    }
    throw unauthenticated();
  }
  const key = result.key;
  if (!isIpAllowed(key, clientIp)) {
    throw new GatewayError({
      status: 403,
      type: 'permission_error',
      code: 'ip_not_allowed',
      message: `This API key may not be used from ${clientIp}.`,
    });
  }
  // A key may always describe itself and list models; endpoint scopes are about doing work.
  const scoped = scopedEndpoint(endpoint);
  if (!ALWAYS_ALLOWED.has(scoped) && !isEndpointAllowed(key, scoped)) {
    throw new GatewayError({
      status: 403,
      type: 'permission_error',
      code: 'endpoint_not_allowed',
      message: `This API key may not call ${endpoint}.`,
    });
  }
  return key;
}
