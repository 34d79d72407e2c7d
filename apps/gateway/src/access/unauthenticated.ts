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
    // Claude Code retries a 401 for minutes: the one message names the fix for every client.
    message:
      'Invalid or missing API key. Send a Switchboard gateway key (sb_live_...), not a provider key, as ' +
      'Authorization: Bearer sb_live_... or x-api-key: sb_live_... (Claude Code: ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN).',
  });
}
