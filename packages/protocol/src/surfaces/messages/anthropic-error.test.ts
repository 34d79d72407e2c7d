import { describe, expect, it } from 'vitest';
import { GatewayError, invalidRequest } from '../../gateway-error';
import { toAnthropicError } from './anthropic-error';

const requestId = 'req_018EeWyXxfu5pfWkrYcMdjWG';

describe('toAnthropicError', () => {
  it("answers in Anthropic's documented error shape with the request-id header", () => {
    const answer = toAnthropicError(invalidRequest('max_tokens: Field required.', 'max_tokens'), requestId);
    expect(answer).toEqual({
      status: 400,
      headers: { 'request-id': requestId },
      body: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens: Field required.' },
        request_id: requestId,
      },
    });
  });

  it.each([
    [{ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' }, 400, 'invalid_request_error'],
    [{ status: 403, type: 'permission_error', code: 'model_not_allowed' }, 403, 'permission_error'],
    [{ status: 404, type: 'not_found_error', code: 'model_not_found' }, 404, 'not_found_error'],
    [{ status: 413, type: 'invalid_request_error', code: 'request_too_large' }, 413, 'request_too_large'],
    [{ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' }, 429, 'rate_limit_error'],
    [{ status: 500, type: 'api_error', code: 'internal_error' }, 500, 'api_error'],
    [{ status: 502, type: 'upstream_error', code: 'upstream_unreachable' }, 502, 'api_error'],
    [{ status: 503, type: 'service_unavailable', code: 'no_provider_available' }, 529, 'overloaded_error'],
    [{ status: 504, type: 'timeout_error', code: 'upstream_timeout' }, 504, 'timeout_error'],
    [{ status: 422, type: 'invalid_request_error', code: null }, 422, 'invalid_request_error'],
    [{ status: 599, type: 'api_error', code: null }, 500, 'api_error'],
  ] as const)('maps %o to %i %s', (fields, status, type) => {
    const answer = toAnthropicError(new GatewayError({ ...fields, message: 'm' }), requestId);
    expect(answer.status).toBe(status);
    expect(answer.body.error.type).toBe(type);
  });

  it('answers budgets and providers out of credit with 402 billing_error that must not be retried', () => {
    for (const code of ['budget_exhausted', 'provider_out_of_credit', 'upstream_out_of_credit']) {
      const answer = toAnthropicError(
        new GatewayError({
          status: code === 'upstream_out_of_credit' ? 502 : 402,
          type: 'insufficient_quota',
          code,
          message: 'Lower max_tokens or raise the budget.',
        }),
        requestId,
      );
      expect(answer).toMatchObject({
        status: 402,
        headers: { 'x-should-retry': 'false' },
        body: { error: { type: 'billing_error', message: 'Lower max_tokens or raise the budget.' } },
      });
    }
  });

  it('keeps retry-after and the rate limit headers, taking retry-after from retryAfter', () => {
    const answer = toAnthropicError(
      new GatewayError({
        status: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: 'Slow down.',
        retryAfter: 2.4,
        headers: { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '0' },
      }),
      requestId,
    );
    expect(answer.headers).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'retry-after': '3',
      'request-id': requestId,
    });
    const overloaded = toAnthropicError(
      new GatewayError({ status: 503, type: 'service_unavailable', message: 'busy', retryAfter: 5 }),
      requestId,
    );
    expect(overloaded).toMatchObject({ status: 529, headers: { 'retry-after': '5' } });
  });

  it('tells an Anthropic client which headers carry the gateway key on a 401', () => {
    const answer = toAnthropicError(
      new GatewayError({
        status: 401,
        type: 'authentication_error',
        code: 'invalid_api_key',
        message: 'Send it as Authorization: Bearer',
      }),
      requestId,
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error.type).toBe('authentication_error');
    expect(answer.body.error.message).toContain('x-api-key');
    expect(answer.body.error.message).toContain('Authorization: Bearer');
    expect(answer.body.error.message).toContain('sb_live_');
  });
});
