import { describe, expect, it } from 'vitest';
import { GATEWAY_ERROR_TABLE, gatewayErrorRow } from './gateway-error-table';

describe('gatewayErrorRow', () => {
  it("takes the error code's row over its type's, and its type's over its status's", () => {
    expect(gatewayErrorRow({ status: 502, type: 'upstream_error', code: 'upstream_timeout' })).toBe(
      GATEWAY_ERROR_TABLE['code:upstream_timeout'],
    );
    expect(gatewayErrorRow({ status: 502, type: 'timeout_error', code: 'something_new' })).toBe(
      GATEWAY_ERROR_TABLE['type:timeout_error'],
    );
    expect(gatewayErrorRow({ status: 404, type: 'not_found_error', code: null })).toBe(GATEWAY_ERROR_TABLE['status:404']);
  });

  it('answers unlisted statuses by class', () => {
    expect(gatewayErrorRow({ status: 409, type: 'invalid_request_error', code: null }).anthropic).toEqual({
      status: 409,
      type: 'invalid_request_error',
    });
    expect(gatewayErrorRow({ status: 507, type: 'api_error', code: null }).anthropic).toEqual({ status: 500, type: 'api_error' });
    expect(gatewayErrorRow({ status: 409, type: 'invalid_request_error', code: null }).responses).toEqual({
      code: 'invalid_prompt',
    });
    expect(gatewayErrorRow({ status: 507, type: 'api_error', code: null }).responses).toEqual({ code: 'server_error' });
  });

  it('gives every row a response.failed code', () => {
    for (const [key, row] of Object.entries(GATEWAY_ERROR_TABLE)) {
      expect(
        ['context_length_exceeded', 'insufficient_quota', 'rate_limit_exceeded', 'server_error', 'invalid_prompt'],
        key,
      ).toContain(row.responses.code);
    }
    expect(GATEWAY_ERROR_TABLE['code:context_length_exceeded']?.responses.code).toBe('context_length_exceeded');
    expect(GATEWAY_ERROR_TABLE['code:budget_exhausted']?.responses.code).toBe('insufficient_quota');
    expect(GATEWAY_ERROR_TABLE['status:429']?.responses.code).toBe('rate_limit_exceeded');
  });
});
