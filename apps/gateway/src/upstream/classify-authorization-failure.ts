import { GatewayError } from '@switchboard/protocol';
import { ProviderKeyFormatError, VertexTokenError } from '@switchboard/providers';
import { type AttemptFailure, classifyTransportFailure } from './classify-upstream-failure';

/**
 * A request whose credential step failed before it was sent: a key not in its format's shape,
 * or an OAuth token exchange refused. Both are about the gateway's key, never the client's
 * request, so another key or provider may serve it; a refused exchange (4xx) counts against the
 * key like a 401, an unreachable or failing token endpoint like any transport failure.
 */
export function classifyAuthorizationFailure(error: unknown, providerId: string, reason?: unknown): AttemptFailure {
  const keyRefused =
    error instanceof ProviderKeyFormatError ||
    (error instanceof VertexTokenError && (error.status === undefined || (error.status >= 400 && error.status < 500)));
  if (!keyRefused && !(error instanceof VertexTokenError)) return classifyTransportFailure(error, providerId, reason);
  return {
    retryable: true,
    ...(keyRefused ? { upstreamStatus: 401 } : {}),
    error: new GatewayError({
      status: 502,
      type: 'upstream_error',
      code: keyRefused ? 'upstream_auth_failed' : 'upstream_unreachable',
      provider: providerId,
      message: `Provider '${providerId}' could not be authorised: ${(error as Error).message}`,
    }),
  };
}
