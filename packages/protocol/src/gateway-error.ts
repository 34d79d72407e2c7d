// The one error type of the /v1 surface. It carries everything needed to answer in OpenAI's
// shape, and nothing that may not be shown to a client (no stack, no upstream secret).

export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'api_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'service_unavailable';

export interface GatewayErrorOptions {
  status: number;
  type: OpenAIErrorType;
  message: string;
  code?: string | null;
  param?: string | null;
  /** Which provider the error came from, when it came from one. */
  provider?: string;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
  /** Extra response headers (x-ratelimit-* on a 429). */
  headers?: Record<string, string>;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly provider: string | undefined;
  readonly retryAfter: number | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(options: GatewayErrorOptions) {
    super(options.message);
    this.name = 'GatewayError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.provider = options.provider;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers;
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null; provider?: string };
}

export function toOpenAIErrorBody(error: GatewayError): OpenAIErrorBody {
  const body: OpenAIErrorBody = {
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  };
  if (error.provider) body.error.provider = error.provider;
  return body;
}

export function invalidRequest(message: string, param: string | null = null, code = 'invalid_request'): GatewayError {
  return new GatewayError({ status: 400, type: 'invalid_request_error', message, param, code });
}
