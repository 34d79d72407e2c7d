import { RouterState } from '@switchboard/router';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null; provider?: string };
}

async function expectOpenAIError(response: Response, status: number, expected: Partial<ErrorBody['error']>) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  expect(response.headers.get('x-request-id')).toBeTruthy();
  const text = await response.text();
  // No stack trace, file path or secret ever reaches a client.
  expect(text).not.toMatch(/\.ts:\d+|at [\w.]+ \(|node_modules/);
  expect(text).not.toContain(PROVIDER_SECRET);
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body.error).sort()).toEqual(expect.arrayContaining(['code', 'message', 'param', 'type']));
  expect(body.error).toMatchObject(expected);
  return body.error;
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

describe('error responses in OpenAI shape', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(
      [
        { id: 'good', format: 'openai', models: [{ id: 'good-model' }, { id: 'embed-model', kind: 'embedding' }] },
        { id: 'failing', format: 'openai', models: [{ id: 'failing-model' }] },
        { id: 'keyless', format: 'openai', models: [{ id: 'keyless-model' }], noKey: true },
      ],
      {
        settings: {
          bodyLimitBytes: 4096,
          timeouts: { connectMs: 500, firstByteMs: 400, idleMs: 400, totalMs: 3000, requestMs: 10_000 },
          // Failures are injected on purpose here; the circuit breaker has its own tests.
          circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 },
        },
        extraProviders: [
          // Nothing listens on port 9 here: the connection is refused.
          {
            id: 'refused',
            adapter: 'openai-compatible',
            baseUrl: 'http://127.0.0.1:9/v1',
            apiKeyEnv: 'FAILING_KEY',
            models: [{ id: 'refused-model' }],
          },
        ],
      },
    );
  });
  afterAll(() => harness.close());
  // Each test injects its own fault; a Retry-After or breaker state from the previous one must
  // not decide this one's route.
  beforeEach(() => {
    harness.gateway.context.router = new RouterState({ breaker: harness.gateway.context.settings.circuitBreaker });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    await expectOpenAIError(await harness.post('/v1/chat/completions', '{"model": "good-model",'), 400, {
      type: 'invalid_request_error',
      code: 'invalid_json',
    });
  });

  it('names the missing or wrong-typed parameter', async () => {
    await expectOpenAIError(await harness.post('/v1/chat/completions', { messages: [] }), 400, { param: 'model' });
    await expectOpenAIError(await harness.post('/v1/chat/completions', { model: 'good-model' }), 400, { param: 'messages' });
    await expectOpenAIError(await harness.post('/v1/chat/completions', { model: 7, messages: [] }), 400, { param: 'model' });
    await expectOpenAIError(await harness.post('/v1/chat/completions', { model: 'good-model', messages: 'hi' }), 400, {
      param: 'messages',
    });
    await expectOpenAIError(
      await harness.post('/v1/chat/completions', { model: 'good-model', messages: [{ role: 'robot', content: 'x' }] }),
      400,
      { param: 'messages[0].role' },
    );
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('good-model', { stream: 'yes' })), 400, {
      param: 'stream',
    });
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('good-model', { max_tokens: 'ten' })), 400, {
      param: 'max_tokens',
    });
    await expectOpenAIError(await harness.post('/v1/embeddings', { model: 'embed-model' }), 400, { param: 'input' });
    // None of these reached the upstream.
    expect(harness.simulator.requests('good')).toHaveLength(0);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('no-such-model')), 404, {
      code: 'model_not_found',
      param: 'model',
    });
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('good/no-such-model')), 404, {
      code: 'model_not_found',
    });
  });

  it('refuses a body over the limit with 413, by header or by counting', async () => {
    const big = chat('good-model', { padding: 'x'.repeat(5000) });
    await expectOpenAIError(await harness.post('/v1/chat/completions', big), 413, { code: 'request_too_large' });
    // Chunked upload without a content-length: the limit still holds.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    await expectOpenAIError(response, 413, { code: 'request_too_large' });
  });

  it('passes an upstream 4xx on with its status and the provider named, without retrying', async () => {
    harness.simulator.setBehaviour('failing', { errorStatus: 400, errorMessage: "Invalid 'temperature': must be <= 2." });
    harness.simulator.clearRequests('failing');
    const error = await expectOpenAIError(await harness.post('/v1/chat/completions', chat('failing-model')), 400, {
      provider: 'failing',
    });
    expect(error.message).toContain("Provider 'failing' answered 400: Invalid 'temperature': must be <= 2.");
    expect(harness.simulator.requests('failing')).toHaveLength(1);
  });

  it('turns an upstream 5xx into 502 and passes 429 on with Retry-After', async () => {
    harness.simulator.setBehaviour('failing', { errorStatus: 500, errorMessage: 'The server had an error' });
    const serverError = await harness.post('/v1/chat/completions', chat('failing-model'));
    expect(serverError.headers.get('x-switchboard-provider')).toBe('failing');
    await expectOpenAIError(serverError, 502, { type: 'upstream_error', provider: 'failing', code: 'upstream_500' });

    harness.simulator.setBehaviour('failing', { errorStatus: 429, errorMessage: 'Rate limit reached', retryAfterSeconds: 7 });
    const limited = await harness.post('/v1/chat/completions', chat('failing-model'));
    expect(limited.headers.get('retry-after')).toBe('7');
    await expectOpenAIError(limited, 429, { type: 'rate_limit_error', provider: 'failing' });
  });

  it('turns a rejected provider key into 502 without echoing the key', async () => {
    harness.simulator.setBehaviour('failing', { errorStatus: null, expectedKey: 'some-other-key' });
    const error = await expectOpenAIError(await harness.post('/v1/chat/completions', chat('failing-model')), 502, {
      code: 'upstream_auth_failed',
      provider: 'failing',
    });
    expect(error.message).toContain('rejected');
    harness.simulator.setBehaviour('failing', { expectedKey: PROVIDER_SECRET });
  });

  it('answers 504 when the upstream sends nothing before the first-byte timeout', async () => {
    harness.simulator.setBehaviour('failing', { hang: true });
    const started = Date.now();
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('failing-model')), 504, {
      type: 'timeout_error',
      code: 'upstream_timeout',
    });
    expect(Date.now() - started).toBeLessThan(2500);
    harness.simulator.setBehaviour('failing', { hang: false });
  });

  it('answers 502 when the connection is refused', async () => {
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('refused-model')), 502, {
      code: 'upstream_unreachable',
      provider: 'refused',
    });
  });

  it('names the provider and how to add a key when none is configured', async () => {
    const error = await expectOpenAIError(await harness.post('/v1/chat/completions', chat('keyless-model')), 503, {
      code: 'provider_key_missing',
    });
    expect(error.message).toContain("'keyless'");
    expect(error.message).toContain('KEYLESS_KEY');
  });

  it('sends an embedding model on the chat route back with 400', async () => {
    await expectOpenAIError(await harness.post('/v1/chat/completions', chat('embed-model')), 400, {
      code: 'model_wrong_endpoint',
    });
  });

  it("answers with its own x-request-id (sent upstream too) and echoes the client's as x-client-request-id, on success and on error", async () => {
    const ok = await harness.post('/v1/chat/completions', chat('good-model'), { 'x-request-id': 'trace-abc-123' });
    expect(ok.status).toBe(200);
    const gatewayId = ok.headers.get('x-request-id')!;
    expect(gatewayId).toMatch(/^req_[0-9A-Za-z]{20}$/);
    expect(ok.headers.get('x-client-request-id')).toBe('trace-abc-123');
    expect(harness.simulator.requests('good').at(-1)!.headers['x-request-id']).toBe(gatewayId);
    const bad = await harness.post('/v1/chat/completions', '{', { 'x-request-id': 'trace-abc-124' });
    expect(bad.headers.get('x-request-id')).toMatch(/^req_/);
    expect(bad.headers.get('x-client-request-id')).toBe('trace-abc-124');
    // The log line names both, so either finds it.
    const line = harness.logs.find((text) => text.includes(`"requestId":"${bad.headers.get('x-request-id')}"`));
    expect(line).toContain('"clientRequestId":"trace-abc-124"');
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    await expectOpenAIError(await harness.post('/v1/nope', {}), 404, { type: 'not_found_error' });
  });

  it('surfaces gateway errors to the openai SDK as APIError with the status', async () => {
    const client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
    const failure = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
    expect((failure as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('keeps the provider key out of every log line', () => {
    for (const line of harness.logs) expect(line).not.toContain(PROVIDER_SECRET);
  });
});
