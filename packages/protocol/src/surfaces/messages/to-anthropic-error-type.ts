import type { StreamErrorDetails } from '../../exchange/stream-part';
import type { AnthropicErrorType } from './anthropic-messages-types';

const ANTHROPIC_TYPES = new Set<string>([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
]);

// Other vocabularies an upstream or the gateway may name a mid-stream failure with (OpenAI's
// types and codes, the gateway's own), in Anthropic's terms.
// A Map: the names come from the upstream, and `constructor` must not find Object's.
const OTHER_TYPES = new Map<string, AnthropicErrorType>([
  ['server_error', 'api_error'],
  ['upstream_error', 'api_error'],
  ['internal_error', 'api_error'],
  ['service_unavailable', 'overloaded_error'],
  ['overloaded', 'overloaded_error'],
  ['insufficient_quota', 'billing_error'],
  ['rate_limit_exceeded', 'rate_limit_error'],
  ['context_length_exceeded', 'invalid_request_error'],
  ['timeout', 'timeout_error'],
  ['upstream_timeout', 'timeout_error'],
]);

/** The Anthropic error type for a failure named by an upstream's type or code; `api_error` otherwise. */
export function toAnthropicErrorType(details: Pick<StreamErrorDetails, 'type' | 'code'>): AnthropicErrorType {
  for (const name of [details.type, details.code]) {
    if (typeof name !== 'string') continue;
    if (ANTHROPIC_TYPES.has(name)) return name as AnthropicErrorType;
    const mapped = OTHER_TYPES.get(name);
    if (mapped) return mapped;
  }
  return 'api_error';
}
