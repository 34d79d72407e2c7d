import type { IncomingHttpHeaders } from 'node:http';
import { type ApiKeySummary, isEndpointAllowed, isIpAllowed } from '@switchboard/access';
import { GatewayError } from '@switchboard/protocol';
import type { AccessControl } from './access-control';
import { unauthenticated } from './unauthenticated';

// A key may always describe itself, the models, and its own requests' usage.
const ALWAYS_ALLOWED = new Set(['/v1/key', '/v1/models', '/v1/generation']);

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
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
  const result = await access.authenticator.authenticate(bearer(headers), clientIp, Date.now());
  if (!result.ok) throw unauthenticated();
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
  if (!ALWAYS_ALLOWED.has(endpoint) && !isEndpointAllowed(key, endpoint)) {
    throw new GatewayError({
      status: 403,
      type: 'permission_error',
      code: 'endpoint_not_allowed',
      message: `This API key may not call ${endpoint}.`,
    });
  }
  return key;
}
