import type { GatewayError } from '../gateway-error';
import type { AnthropicErrorType } from './messages/anthropic-messages-types';

// DESIGN.md contract 1: one table maps each gateway error to every surface's answer. The OpenAI
// surface answers with the GatewayError itself (its status and type are OpenAI's), so the table
// holds the other surfaces' columns; the Responses surface adds its column to the same rows.

export interface AnthropicErrorColumn {
  status: number;
  type: AnthropicErrorType;
  /** Replaces the gateway's message where the Anthropic client needs other instructions. */
  message?: string;
  /** Extra headers (`x-should-retry: false` where retrying cannot help). */
  headers?: Record<string, string>;
}

/**
 * The `code` a Responses stream's `response.failed` carries (`response.error.code`). Codex stops
 * on `context_length_exceeded` and `insufficient_quota` (recent versions on `invalid_prompt` too)
 * and retries any other code up to five times, each retry a new billed turn: so errors retrying
 * cannot fix say one of those, and only transient ones say `server_error` or
 * `rate_limit_exceeded`.
 */
export interface ResponsesErrorColumn {
  code: string;
}

export interface GatewayErrorTableRow {
  anthropic: AnthropicErrorColumn;
  responses: ResponsesErrorColumn;
}

const NO_RETRY = { 'x-should-retry': 'false' };

const INVALID_PROMPT: ResponsesErrorColumn = { code: 'invalid_prompt' };
const NO_QUOTA: ResponsesErrorColumn = { code: 'insufficient_quota' };
const SERVER_ERROR: ResponsesErrorColumn = { code: 'server_error' };

/**
 * Rows keyed `code:<gateway code>`, `type:<OpenAI type>` or `status:<HTTP status>`; the most
 * specific key present wins (code, then type, then status).
 */
export const GATEWAY_ERROR_TABLE: Readonly<Record<string, GatewayErrorTableRow>> = {
  'status:400': { anthropic: { status: 400, type: 'invalid_request_error' }, responses: INVALID_PROMPT },
  'code:context_length_exceeded': {
    anthropic: { status: 400, type: 'invalid_request_error' },
    responses: { code: 'context_length_exceeded' },
  },
  'status:401': { anthropic: { status: 401, type: 'authentication_error' }, responses: INVALID_PROMPT },
  // Claude Code retries 401s for minutes, so the body names the fix in its own terms.
  'code:invalid_api_key': {
    anthropic: {
      status: 401,
      type: 'authentication_error',
      message:
        'Invalid or missing API key. Send a Switchboard gateway key (sb_live_...) as the x-api-key header or as ' +
        'Authorization: Bearer sb_live_... (for Claude Code: ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN).',
    },
    responses: INVALID_PROMPT,
  },
  'status:402': { anthropic: { status: 402, type: 'billing_error', headers: NO_RETRY }, responses: NO_QUOTA },
  'type:insufficient_quota': { anthropic: { status: 402, type: 'billing_error', headers: NO_RETRY }, responses: NO_QUOTA },
  'code:budget_exhausted': { anthropic: { status: 402, type: 'billing_error', headers: NO_RETRY }, responses: NO_QUOTA },
  'code:provider_out_of_credit': { anthropic: { status: 402, type: 'billing_error', headers: NO_RETRY }, responses: NO_QUOTA },
  'code:upstream_out_of_credit': { anthropic: { status: 402, type: 'billing_error', headers: NO_RETRY }, responses: NO_QUOTA },
  'status:403': { anthropic: { status: 403, type: 'permission_error' }, responses: INVALID_PROMPT },
  'status:404': { anthropic: { status: 404, type: 'not_found_error' }, responses: INVALID_PROMPT },
  // Idempotency-Key (IETF draft): 409 while the first request runs (retrying soon helps), 422
  // when the key came with another body; Anthropic has no conflict type, so both are invalid requests.
  'code:idempotency_key_in_use': { anthropic: { status: 409, type: 'invalid_request_error' }, responses: INVALID_PROMPT },
  'code:idempotency_key_reused': { anthropic: { status: 422, type: 'invalid_request_error' }, responses: INVALID_PROMPT },
  'status:413': { anthropic: { status: 413, type: 'request_too_large' }, responses: INVALID_PROMPT },
  'code:request_too_large': { anthropic: { status: 413, type: 'request_too_large' }, responses: INVALID_PROMPT },
  'status:429': { anthropic: { status: 429, type: 'rate_limit_error' }, responses: { code: 'rate_limit_exceeded' } },
  'status:500': { anthropic: { status: 500, type: 'api_error' }, responses: SERVER_ERROR },
  // A provider failing behind the gateway stays a 502: Anthropic clients retry every 5xx, and the
  // status keeps saying the fault is upstream rather than in the gateway.
  'status:502': { anthropic: { status: 502, type: 'api_error' }, responses: SERVER_ERROR },
  // No provider available or upstream overloaded: Anthropic's overload status, which Claude Code
  // retries with backoff.
  'status:503': { anthropic: { status: 529, type: 'overloaded_error' }, responses: SERVER_ERROR },
  'type:service_unavailable': { anthropic: { status: 529, type: 'overloaded_error' }, responses: SERVER_ERROR },
  'status:504': { anthropic: { status: 504, type: 'timeout_error' }, responses: SERVER_ERROR },
  'type:timeout_error': { anthropic: { status: 504, type: 'timeout_error' }, responses: SERVER_ERROR },
  'code:upstream_timeout': { anthropic: { status: 504, type: 'timeout_error' }, responses: SERVER_ERROR },
};

/** Other statuses, by class: Anthropic uses `invalid_request_error` for unlisted 4xx, Responses `invalid_prompt`. */
function fallbackRow(status: number): GatewayErrorTableRow {
  if (status >= 400 && status < 500) return { anthropic: { status, type: 'invalid_request_error' }, responses: INVALID_PROMPT };
  return { anthropic: { status: 500, type: 'api_error' }, responses: SERVER_ERROR };
}

/** The table's row for an error: its code's, else its type's, else its status's. */
export function gatewayErrorRow(error: Pick<GatewayError, 'status' | 'type' | 'code'>): GatewayErrorTableRow {
  return (
    (error.code !== null ? GATEWAY_ERROR_TABLE[`code:${error.code}`] : undefined) ??
    GATEWAY_ERROR_TABLE[`type:${error.type}`] ??
    GATEWAY_ERROR_TABLE[`status:${error.status}`] ??
    fallbackRow(error.status)
  );
}
