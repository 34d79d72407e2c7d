import { describe, expect, it } from 'vitest';
import { formatResetDuration, openAiRateLimitHeaders } from './openai-rate-limit-headers';

describe('formatResetDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [1, '1ms'],
    [20.2, '21ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [6_001, '6.001s'],
    [59_999, '59.999s'],
    [60_000, '1m0s'],
    [90_500, '1m30.5s'],
    [360_000, '6m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_004, '1h2m3.004s'],
  ])('%d ms is %s', (milliseconds, expected) => {
    expect(formatResetDuration(milliseconds)).toBe(expected);
  });
});

describe('openAiRateLimitHeaders', () => {
  const headers = {
    limitRequests: 60,
    remainingRequests: 0,
    resetRequests: 1_000,
    limitTokens: 10_000,
    remainingTokens: 9_000,
    resetTokens: 6_000,
  };

  it('writes both families and Retry-After on a refusal', () => {
    expect(openAiRateLimitHeaders({ allowed: false, limitedBy: 'requests', retryAfterSeconds: 1, headers })).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '10000',
      'x-ratelimit-remaining-tokens': '9000',
      'x-ratelimit-reset-tokens': '6s',
      'retry-after': '1',
    });
  });

  it('leaves out limits that are not set, and Retry-After when admitted', () => {
    const onlyTokens = { ...headers, limitRequests: null, remainingRequests: null, resetRequests: null };
    expect(openAiRateLimitHeaders({ allowed: true, admissionId: 'x', headers: onlyTokens })).toEqual({
      'x-ratelimit-limit-tokens': '10000',
      'x-ratelimit-remaining-tokens': '9000',
      'x-ratelimit-reset-tokens': '6s',
    });
    const none = { ...onlyTokens, limitTokens: null, remainingTokens: null, resetTokens: null };
    expect(openAiRateLimitHeaders({ allowed: true, headers: none })).toEqual({});
  });
});
