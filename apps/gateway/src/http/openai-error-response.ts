import type { ServerResponse } from 'node:http';
import { GatewayError, toOpenAIErrorBody } from '@switchboard/protocol';

/** Anything thrown that is not a GatewayError is a bug: the client sees a generic 500, never a stack. */
export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError({
    status: 500,
    type: 'api_error',
    code: 'internal_error',
    message: 'The gateway failed to handle this request. The request id identifies it in the logs.',
  });
}

export function errorHeaders(error: GatewayError, requestId: string): Record<string, string> {
  const headers: Record<string, string> = { ...error.headers, 'content-type': 'application/json', 'x-request-id': requestId };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  if (error.provider) headers['x-switchboard-provider'] = error.provider;
  // DESIGN.md contract 1: a 402 (budget used up, provider out of credit) cannot be fixed by
  // retrying; the OpenAI surfaces (Chat Completions, Responses) say so as the Messages one does.
  if (error.status === 402) headers['x-should-retry'] = 'false';
  return headers;
}

/** Writes an OpenAI-shaped error straight to the Node response. */
export function writeOpenAIError(outgoing: ServerResponse, error: GatewayError, requestId: string): void {
  if (outgoing.headersSent) {
    outgoing.end();
    return;
  }
  const body = JSON.stringify(toOpenAIErrorBody(error));
  outgoing.writeHead(error.status, { ...errorHeaders(error, requestId), 'content-length': Buffer.byteLength(body) });
  outgoing.end(body);
}
