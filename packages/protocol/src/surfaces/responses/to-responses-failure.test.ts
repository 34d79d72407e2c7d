import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway-error';
import { toResponsesFailure, toResponsesStreamFailure } from './to-responses-failure';

function gatewayError(
  status: number,
  type: ConstructorParameters<typeof GatewayError>[0]['type'],
  code: string | null,
  retryAfter?: number,
) {
  return new GatewayError({ status, type, code, message: 'Something happened.', retryAfter });
}

describe('toResponsesFailure', () => {
  it('gives the codes Codex stops on to errors retrying cannot fix', () => {
    expect(toResponsesFailure(gatewayError(400, 'invalid_request_error', 'context_length_exceeded')).code).toBe(
      'context_length_exceeded',
    );
    expect(toResponsesFailure(gatewayError(402, 'insufficient_quota', 'budget_exhausted')).code).toBe('insufficient_quota');
    expect(toResponsesFailure(gatewayError(402, 'insufficient_quota', 'provider_out_of_credit')).code).toBe('insufficient_quota');
    expect(toResponsesFailure(gatewayError(400, 'invalid_request_error', 'invalid_request')).code).toBe('invalid_prompt');
    expect(toResponsesFailure(gatewayError(404, 'not_found_error', 'model_not_found')).code).toBe('invalid_prompt');
  });

  it('gives transient errors codes clients retry, with the wait in the words Codex reads', () => {
    expect(toResponsesFailure(gatewayError(429, 'rate_limit_error', 'rate_limit_exceeded', 12.2))).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Something happened. Please try again in 13s.',
    });
    const worded = new GatewayError({
      status: 429,
      type: 'rate_limit_error',
      code: null,
      message: 'Limit. Try again in 2s.',
      retryAfter: 2,
    });
    expect(toResponsesFailure(worded).message).toBe('Limit. Try again in 2s.');
    expect(toResponsesFailure(gatewayError(503, 'service_unavailable', 'no_provider_available'))).toEqual({
      code: 'server_error',
      message: 'Something happened.',
    });
    expect(toResponsesFailure(gatewayError(504, 'timeout_error', 'upstream_timeout')).code).toBe('server_error');
    expect(toResponsesFailure(gatewayError(502, 'upstream_error', null)).code).toBe('server_error');
  });
});

describe('toResponsesStreamFailure', () => {
  it('reads gateway codes, Responses codes and upstream types', () => {
    expect(toResponsesStreamFailure({ message: 'm', code: 'budget_exhausted' }).code).toBe('insufficient_quota');
    expect(toResponsesStreamFailure({ message: 'm', code: 'context_length_exceeded' }).code).toBe('context_length_exceeded');
    expect(toResponsesStreamFailure({ message: 'm', type: 'overloaded_error' }).code).toBe('server_error');
    expect(toResponsesStreamFailure({ message: 'm', type: 'rate_limit_error' }).code).toBe('rate_limit_exceeded');
    expect(toResponsesStreamFailure({ message: 'm', type: 'billing_error' }).code).toBe('insufficient_quota');
  });

  it('calls an unnamed failure, such as a cut stream, a server error', () => {
    expect(toResponsesStreamFailure({ message: 'Stream cut', code: 'upstream_stream_cut' })).toEqual({
      code: 'server_error',
      message: 'Stream cut',
    });
    expect(toResponsesStreamFailure({ message: 'x' }).code).toBe('server_error');
  });
});
