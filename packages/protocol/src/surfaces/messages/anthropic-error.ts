import type { GatewayError } from '../../gateway-error';
import { gatewayErrorRow } from '../gateway-error-table';
import type { AnthropicErrorBody } from './anthropic-messages-types';

export interface AnthropicErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: AnthropicErrorBody;
}

/**
 * A gateway error as Anthropic answers errors: its status and type from the error table,
 * `{type: "error", error: {type, message}, request_id}`, and the `request-id` header Anthropic's
 * SDKs read. The error's own headers (retry-after, x-ratelimit-*) are kept, and `retry-after`
 * comes from `retryAfter` when the error has one.
 */
export function toAnthropicError(error: GatewayError, requestId: string): AnthropicErrorResponse {
  const column = gatewayErrorRow(error).anthropic;
  const headers: Record<string, string> = { ...error.headers, ...column.headers, 'request-id': requestId };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  return {
    status: column.status,
    headers,
    body: {
      type: 'error',
      error: { type: column.type, message: column.message ?? error.message },
      request_id: requestId,
    },
  };
}
