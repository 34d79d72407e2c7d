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
  });
});
