import type { ServerResponse } from 'node:http';
import { type GatewayError, toAnthropicError } from '@switchboard/protocol';

/** Writes an Anthropic-shaped error (`{type: "error", error, request_id}`) straight to the Node response. */
export function writeAnthropicError(outgoing: ServerResponse, error: GatewayError, requestId: string): void {
  if (outgoing.headersSent) {
    outgoing.end();
    return;
  }
  const answer = toAnthropicError(error, requestId);
  const body = JSON.stringify(answer.body);
  const headers: Record<string, string | number> = {
    ...answer.headers,
    'content-type': 'application/json',
    'x-request-id': requestId,
    'request-id': requestId,
    'content-length': Buffer.byteLength(body),
  };
  if (error.provider) headers['x-switchboard-provider'] = error.provider;
  outgoing.writeHead(answer.status, headers);
  outgoing.end(body);
}
