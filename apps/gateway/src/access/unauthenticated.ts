import { GatewayError } from '@switchboard/protocol';

/**
 * The one answer for a missing, malformed, unknown, revoked or expired key (and for a client
 * locked out after too many failures): the caller cannot tell which, so keys cannot be probed.
 */
export function unauthenticated(): GatewayError {
  return new GatewayError({
    status: 401,
    type: 'authentication_error',
    code: 'invalid_api_key',
    message: 'Invalid or missing API key. Send it as Authorization: Bearer sb_live_...',
  });
}
