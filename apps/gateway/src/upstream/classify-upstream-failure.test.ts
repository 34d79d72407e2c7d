import { GatewayError } from '@switchboard/protocol';
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { AttemptTimeout, classifyHttpFailure, classifyTransportFailure } from './classify-upstream-failure';

/** The fields a client and the fallback loop see. */
function fields(failure: { retryable: boolean; error: GatewayError }) {
  expect(failure.error).toBeInstanceOf(GatewayError);
  const { status, type, code, provider, retryAfter, message } = failure.error;
  return { retryable: failure.retryable, status, type, code, provider, retryAfter, message };
}

function undiciError(code: string, message = 'undici failure'): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyHttpFailure', () => {
  it.each([
    [400, 'invalid_request_error'],
    [404, 'not_found_error'],
    [413, 'invalid_request_error'],
    [422, 'invalid_request_error'],
  ] as const)('passes %i through as the client’s to fix, not retryable', (status, type) => {
    expect(fields(classifyHttpFailure(status, 'bad field', 'deepseek', null, undefined))).toEqual({
      retryable: false,
      status,
      type,
      code: `upstream_${status}`,
      provider: 'deepseek',
      retryAfter: undefined,
      message: `Provider 'deepseek' answered ${status}: bad field`,
    });
  });

  it("keeps the upstream's own error code on a pass-through", () => {
    const failure = classifyHttpFailure(400, 'context too long', 'openai', 'context_length_exceeded', undefined);
    expect(fields(failure)).toMatchObject({ retryable: false, status: 400, code: 'context_length_exceeded', provider: 'openai' });
  });

  it('turns 401 into 502 upstream_auth_failed, retryable', () => {
    expect(fields(classifyHttpFailure(401, 'invalid api key', 'openai', 'invalid_api_key', undefined))).toEqual({
      retryable: true,
      status: 502,
      type: 'upstream_error',
      code: 'upstream_auth_failed',
      provider: 'openai',
      retryAfter: undefined,
      message: "Provider 'openai' rejected the gateway's API key (401): invalid api key",
    });
  });

  it("keeps 403 the client's: a non-retryable 403 naming the provider, never a key failure", () => {
    expect(fields(classifyHttpFailure(403, 'flagged by moderation', 'openai', null, undefined))).toEqual({
      retryable: false,
      status: 403,
      type: 'permission_error',
      code: 'upstream_refused',
      provider: 'openai',
      retryAfter: undefined,
      message: "Provider 'openai' refused this request (403): flagged by moderation",
    });
  });

  it('turns 408 into a retryable 504', () => {
    expect(fields(classifyHttpFailure(408, 'request timeout', 'groq', null, undefined))).toEqual({
      retryable: true,
      status: 504,
      type: 'upstream_error',
      code: 'upstream_408',
      provider: 'groq',
      retryAfter: undefined,
      message: "Provider 'groq' answered 408: request timeout",
    });
  });

  it.each([409, 425])('retries %i as a 502', (status) => {
    expect(fields(classifyHttpFailure(status, 'try again', 'mistral', 'conflict', undefined))).toMatchObject({
      retryable: true,
      status: 502,
      type: 'upstream_error',
      code: `upstream_${status}`,
      provider: 'mistral',
    });
  });

  it('keeps 429 with its Retry-After, retryable', () => {
    expect(fields(classifyHttpFailure(429, 'slow down', 'deepseek', 'rate_limit_exceeded', 20))).toEqual({
      retryable: true,
      status: 429,
      type: 'rate_limit_error',
      code: 'upstream_rate_limited',
      provider: 'deepseek',
      retryAfter: 20,
      message: "Provider 'deepseek' answered 429: slow down",
    });
  });

  it.each([500, 502, 503, 529])('turns %i into a retryable 502', (status) => {
    expect(fields(classifyHttpFailure(status, 'overloaded', 'anthropic', 'overloaded_error', 3))).toEqual({
      retryable: true,
      status: 502,
      type: 'upstream_error',
      code: `upstream_${status}`,
      provider: 'anthropic',
      retryAfter: 3,
      message: `Provider 'anthropic' answered ${status}: overloaded`,
    });
  });

  it('turns 504 into a retryable 504', () => {
    expect(fields(classifyHttpFailure(504, 'gateway timeout', 'openrouter', null, undefined))).toMatchObject({
      retryable: true,
      status: 504,
      type: 'upstream_error',
      code: 'upstream_504',
      provider: 'openrouter',
    });
  });
});

describe('classifyTransportFailure', () => {
  // undici's own error classes, so a change of their codes shows up here.
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', new errors.ConnectTimeoutError(), 'connecting'],
    ['UND_ERR_HEADERS_TIMEOUT', new errors.HeadersTimeoutError(), 'waiting for the first byte'],
    ['UND_ERR_BODY_TIMEOUT', new errors.BodyTimeoutError(), 'waiting for the next chunk'],
  ])('turns %s into a retryable 504 timeout_error naming the phase', (code, cause, phase) => {
    expect((cause as Error & { code: string }).code).toBe(code);
    expect(fields(classifyTransportFailure(cause, 'gemini'))).toEqual({
      retryable: true,
      status: 504,
      type: 'timeout_error',
      code: 'upstream_timeout',
      provider: 'gemini',
      retryAfter: undefined,
      message: `Provider 'gemini' timed out (${phase}).`,
    });
  });

  it('turns the total-time AttemptTimeout into a 504, whatever the abort error was', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(fields(classifyTransportFailure(abort, 'xai', new AttemptTimeout('total')))).toEqual({
      retryable: true,
      status: 504,
      type: 'timeout_error',
      code: 'upstream_timeout',
      provider: 'xai',
      retryAfter: undefined,
      message: "Provider 'xai' timed out (in total).",
    });
  });

  it.each([
    ['ECONNREFUSED', undiciError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:11434')],
    ['ECONNRESET', undiciError('ECONNRESET')],
    ['ENOTFOUND', undiciError('ENOTFOUND')],
    ['UND_ERR_SOCKET', new errors.SocketError('other side closed')],
  ])('turns %s into a retryable 502 upstream_unreachable naming the code', (code, cause) => {
    expect(fields(classifyTransportFailure(cause, 'ollama'))).toEqual({
      retryable: true,
      status: 502,
      type: 'upstream_error',
      code: 'upstream_unreachable',
      provider: 'ollama',
      retryAfter: undefined,
      message: `Provider 'ollama' could not be reached (${code}).`,
    });
  });

  it('does not treat a client abort as a timeout', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(fields(classifyTransportFailure(abort, 'openai', new Error('client went away')))).toMatchObject({
      status: 502,
      code: 'upstream_unreachable',
    });
  });

  it('copes with causes that carry no code', () => {
    const expected = {
      retryable: true,
      status: 502,
      code: 'upstream_unreachable',
      message: "Provider 'vllm' could not be reached (connection failed).",
    };
    expect(fields(classifyTransportFailure(new Error('boom'), 'vllm'))).toMatchObject(expected);
    expect(fields(classifyTransportFailure(null, 'vllm'))).toMatchObject(expected);
    expect(fields(classifyTransportFailure('string thrown', 'vllm'))).toMatchObject(expected);
  });
});

describe('AttemptTimeout', () => {
  it('names the phase', () => {
    const timeout = new AttemptTimeout('total');
    expect(timeout).toBeInstanceOf(Error);
    expect(timeout.name).toBe('AttemptTimeout');
    expect(timeout.phase).toBe('total');
    expect(timeout.message).toBe('upstream total timeout');
  });
});

describe('classifyHttpFailure for an out-of-credit provider account', () => {
  it('turns 402 into a retryable 502 naming the provider', () => {
    const failure = classifyHttpFailure(402, 'Insufficient Balance', 'deepseek', null, undefined);
    expect(failure.retryable).toBe(true);
    expect(failure.error.status).toBe(502);
    expect(failure.error.code).toBe('upstream_out_of_credit');
    expect(failure.error.message).toContain("'deepseek'");
  });
});
