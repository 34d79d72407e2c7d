import type { StreamErrorDetails } from '../../exchange/stream-part';
import type { GatewayError } from '../../gateway-error';
import { GATEWAY_ERROR_TABLE, gatewayErrorRow } from '../gateway-error-table';
import type { ResponsesError } from './responses-types';

/** Codes a Responses client already knows, kept as an upstream named them. */
const RESPONSES_CODES = new Set([
  'context_length_exceeded',
  'insufficient_quota',
  'rate_limit_exceeded',
  'server_error',
  'invalid_prompt',
]);

// Other vocabularies an upstream may name a mid-stream failure with (Anthropic's types, OpenAI's
// types), in the Responses surface's codes.
// A Map: the names come from the upstream, and `constructor` must not find Object's.
const OTHER_NAMES = new Map<string, string>([
  ['overloaded_error', 'server_error'],
  ['api_error', 'server_error'],
  ['rate_limit_error', 'rate_limit_exceeded'],
  ['billing_error', 'insufficient_quota'],
  ['invalid_request_error', 'invalid_prompt'],
  ['request_too_large', 'invalid_prompt'],
]);

/**
 * Codex waits as long as a rate-limit message says ("Please try again in 12s") before retrying;
 * without it, it backs off blindly.
 */
function withRetryHint(message: string, retryAfter: number | undefined): string {
  if (retryAfter === undefined || /try again in/i.test(message)) return message;
  const separator = message === '' || /[.!?]$/.test(message) ? ' ' : '. ';
  return `${message}${separator}Please try again in ${Math.max(0, Math.ceil(retryAfter))}s.`.trimStart();
}

/** A gateway error as the `error` of a `response.failed`, its code from the error table. */
export function toResponsesFailure(error: GatewayError): ResponsesError {
  const code = gatewayErrorRow(error).responses.code;
  return { code, message: code === 'rate_limit_exceeded' ? withRetryHint(error.message, error.retryAfter) : error.message };
}

/**
 * A failure inside a stream (an upstream's `error` part, a cut, a timeout) as a `response.failed`
 * error: the gateway's code or type row when one matches, an upstream's own name mapped, and
 * `server_error` (which clients retry) otherwise.
 */
export function toResponsesStreamFailure(details: StreamErrorDetails): ResponsesError {
  for (const name of [details.code, details.type]) {
    if (typeof name !== 'string' || name === '') continue;
    if (RESPONSES_CODES.has(name)) return { code: name, message: details.message };
    const row = GATEWAY_ERROR_TABLE[`code:${name}`] ?? GATEWAY_ERROR_TABLE[`type:${name}`];
    if (row) return { code: row.responses.code, message: details.message };
    const mapped = OTHER_NAMES.get(name);
    if (mapped) return { code: mapped, message: details.message };
  }
  return { code: 'server_error', message: details.message };
}
