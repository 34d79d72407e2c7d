import { GatewayError } from '@switchboard/protocol';

/** Why an attempt ended without a usable answer; decides whether another attempt may follow. */
export interface AttemptFailure {
  retryable: boolean;
  error: GatewayError;
  /** The upstream's HTTP status, when it answered with one. */
  upstreamStatus?: number;
}

export class AttemptTimeout extends Error {
  constructor(readonly phase: 'total') {
    super(`upstream ${phase} timeout`);
    this.name = 'AttemptTimeout';
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Network-level failures (no HTTP status): refused, reset, DNS, timeouts. Always retryable. */
export function classifyTransportFailure(cause: unknown, providerId: string, reason?: unknown): AttemptFailure {
  const code = (cause as { code?: string } | null)?.code ?? '';
  const blocked = [cause, (cause as { cause?: unknown } | null)?.cause].find(
    (candidate) => (candidate as { code?: string } | null)?.code === 'EGRESS_BLOCKED',
  ) as Error | undefined;
  if (blocked) {
    // A configuration problem of this provider: another provider may still serve the request.
    return {
      retryable: true,
      error: new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_blocked',
        provider: providerId,
        message: blocked.message,
      }),
    };
  }
  if (code === 'UPSTREAM_ANSWER_TOO_LARGE') {
    // Maybe a broken or hostile provider: another one may still answer within the limits.
    return {
      retryable: true,
      error: new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_bad_response',
        provider: providerId,
        message: `Provider '${providerId}' sent a response too large to read: ${(cause as Error).message}.`,
      }),
    };
  }
  const timedOut = reason instanceof AttemptTimeout || TIMEOUT_CODES.has(code);
  if (timedOut) {
    const phase =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'waiting for the first byte'
          : code === 'UND_ERR_BODY_TIMEOUT'
            ? 'waiting for the next chunk'
            : 'in total';
    return {
      retryable: true,
      error: new GatewayError({
        status: 504,
        type: 'timeout_error',
        code: 'upstream_timeout',
        provider: providerId,
        message: `Provider '${providerId}' timed out (${phase}).`,
      }),
    };
  }
  return {
    retryable: true,
    error: new GatewayError({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_unreachable',
      provider: providerId,
      message: `Provider '${providerId}' could not be reached (${code || 'connection failed'}).`,
    }),
  };
}

const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);

/**
 * An upstream HTTP error. 4xx are the client's to fix and pass on with their status, except
 * 401 (the gateway's provider key was refused) and 402 (the gateway's provider account is out of
 * credit, as DeepSeek and OpenRouter answer): the client cannot fix those, so they become 502 and
 * let another key or provider take over. A 403 stays the client's: providers answer it for
 * content the client controls (a moderation flag, an unreadable file URL), so it neither moves to
 * another key nor says anything against this one.
 */
export function classifyHttpFailure(
  status: number,
  message: string,
  providerId: string,
  upstreamCode: string | null | undefined,
  retryAfter: number | undefined,
): AttemptFailure {
  if (status === 402) {
    return {
      retryable: true,
      upstreamStatus: status,
      error: new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_out_of_credit',
        provider: providerId,
        message: `Provider '${providerId}' refused the request for lack of credit (402): ${message}`,
      }),
    };
  }
  if (status === 403) {
    return {
      retryable: false,
      upstreamStatus: status,
      error: new GatewayError({
        status: 403,
        type: 'permission_error',
        code: upstreamCode ?? 'upstream_refused',
        provider: providerId,
        message: `Provider '${providerId}' refused this request (403): ${message}`,
      }),
    };
  }
  if (status === 401) {
    return {
      retryable: true,
      upstreamStatus: status,
      error: new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_auth_failed',
        provider: providerId,
        message: `Provider '${providerId}' rejected the gateway's API key (${status}): ${message}`,
      }),
    };
  }
  if (status >= 500 || RETRYABLE_STATUSES.has(status)) {
    const gatewayStatus = status === 429 ? 429 : status === 504 || status === 408 ? 504 : 502;
    return {
      retryable: true,
      upstreamStatus: status,
      error: new GatewayError({
        status: gatewayStatus,
        type: status === 429 ? 'rate_limit_error' : 'upstream_error',
        code: status === 429 ? 'upstream_rate_limited' : `upstream_${status}`,
        provider: providerId,
        retryAfter,
        message: `Provider '${providerId}' answered ${status}: ${message}`,
      }),
    };
  }
  return {
    retryable: false,
    upstreamStatus: status,
    error: new GatewayError({
      status,
      type: status === 404 ? 'not_found_error' : 'invalid_request_error',
      code: upstreamCode ?? `upstream_${status}`,
      provider: providerId,
      message: `Provider '${providerId}' answered ${status}: ${message}`,
    }),
  };
}
