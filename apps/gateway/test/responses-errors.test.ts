import { RouterState } from '@switchboard/router';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, PROVIDER_SECRET, startHarness } from './gateway-harness';

const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

type ApiError = InstanceType<typeof OpenAI.APIError>;

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as ApiError;
}

/** Every event of a raw stream, and checks it ends with exactly one terminal event, last. */
async function drain(stream: AsyncIterable<OpenAI.Responses.ResponseStreamEvent>) {
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const terminal = events.filter((event) => TERMINAL_EVENTS.has(event.type));
  expect(terminal).toHaveLength(1);
  expect(events.at(-1)).toBe(terminal[0]);
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  return events;
}

// Errors on POST /v1/responses in OpenAI's shape, as the openai SDK surfaces them.
describe('Responses errors through the openai SDK', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness(
      [
        { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }, { id: 'tiny-window', contextWindow: 100 }] },
        { id: 'claude', format: 'anthropic', models: [{ id: 'claude-sonnet-4-5' }] },
        { id: 'openai', format: 'openai', responsesApi: true, models: [{ id: 'gpt-5' }] },
        // One model served both ways, for hosted tools when the native provider is down.
        { id: 'both-native', format: 'openai', responsesApi: true, models: [{ id: 'gpt-5-mini' }] },
        { id: 'both-chat', format: 'openai', models: [{ id: 'gpt-5-mini' }] },
      ],
      // Failures are injected on purpose; the breaker must not turn them into 503s.
      { settings: { circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 } } },
    );
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    // A Retry-After remembered from one test must not decide the next one's route.
    harness.gateway.context.router = new RouterState({ breaker: harness.gateway.context.settings.circuitBreaker });
    for (const id of ['deepseek', 'claude', 'openai', 'both-native', 'both-chat']) {
      harness.simulator.setBehaviour(id, { errorStatus: null, retryAfterSeconds: undefined, cutAfterChunks: null });
    }
  });

  it('400 naming the field of a bad input item, before any provider is called', async () => {
    harness.simulator.clearRequests('deepseek');
    const error = await caught(
      client.responses.create({
        model: 'deepseek-v4-flash',
        input: [{ role: 'user', content: 'Hi' }, { type: 'message', role: 'robot', content: 'Hi' } as never],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe('input[1].role');
    expect(error.headers!.get('x-request-id')).toMatch(/^req_/);
    const wrongType = await caught(
      client.responses.create({ model: 'deepseek-v4-flash', input: [{ type: 'function_call_output', call_id: 7 } as never] }),
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.param).toMatch(/^input\[0\]\./);
    expect(harness.simulator.requests('deepseek')).toHaveLength(0);
  });

  it('400 context_length_exceeded for a prompt beyond every context window, whole and streamed', async () => {
    harness.simulator.clearRequests('deepseek');
    for (const stream of [false, true]) {
      const error = await caught(client.responses.create({ model: 'tiny-window', input: 'word '.repeat(600), stream }));
      // Codex stops on this code rather than retrying the turn.
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.code).toBe('context_length_exceeded');
      expect(error.type).toBe('invalid_request_error');
      expect(error.message).toContain('context window');
    }
    expect(harness.simulator.requests('deepseek')).toHaveLength(0);
    const chat = await harness.post('/v1/chat/completions', {
      model: 'tiny-window',
      messages: [{ role: 'user', content: 'word '.repeat(600) }],
    });
    expect(chat.status).toBe(400);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe('context_length_exceeded');
  });

  it('404 model_not_found for an unknown model, whole and streamed', async () => {
    const error = await caught(client.responses.create({ model: 'no-such-model', input: 'Hi' }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.param).toBe('model');
    const streamed = await caught(client.responses.create({ model: 'no-such-model', input: 'Hi', stream: true }));
    expect(streamed).toBeInstanceOf(OpenAI.NotFoundError);
  });

  for (const [provider, model] of [
    ['deepseek', 'deepseek-v4-flash'],
    ['claude', 'claude-sonnet-4-5'],
    ['openai', 'gpt-5'],
  ] as const) {
    it(`429 with retry-after when ${provider} rate-limits, whole and streamed`, async () => {
      harness.simulator.setBehaviour(provider, { errorStatus: 429, errorMessage: 'Slow down', retryAfterSeconds: 7 });
      const error = await caught(client.responses.create({ model, input: 'Hi' }));
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error.headers!.get('retry-after')).toBe('7');
      expect(error.type).toBe('rate_limit_error');
      expect(JSON.stringify(error.error)).not.toContain(PROVIDER_SECRET);
      harness.gateway.context.router = new RouterState({ breaker: harness.gateway.context.settings.circuitBreaker });
      const streamed = await caught(client.responses.create({ model, input: 'Hi', stream: true }));
      expect(streamed).toBeInstanceOf(OpenAI.RateLimitError);
      expect(streamed.headers!.get('retry-after')).toBe('7');
    });
  }

  for (const [provider, model] of [
    ['deepseek', 'deepseek-v4-flash'],
    ['claude', 'claude-sonnet-4-5'],
    ['openai', 'gpt-5'],
  ] as const) {
    it(`402 insufficient_quota, not to be retried, when ${provider} is out of credit and nothing else serves`, async () => {
      harness.simulator.setBehaviour(provider, { errorStatus: 402, errorMessage: 'Insufficient Balance' });
      for (const stream of [false, true]) {
        const error = await caught(client.responses.create({ model, input: 'Hi', stream }));
        expect(error.status).toBe(402);
        expect(error.type).toBe('insufficient_quota');
        expect(error.code).toBe('provider_out_of_credit');
        expect(error.headers!.get('x-should-retry')).toBe('false');
        expect(error.message).toContain(provider);
      }
    });
  }

  it('400 naming the hosted tool when only translated providers serve the model', async () => {
    harness.simulator.clearRequests('deepseek');
    for (const stream of [false, true]) {
      const error = await caught(
        client.responses.create({ model: 'deepseek-v4-flash', input: 'Search the web', tools: [{ type: 'web_search' }], stream }),
      );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.param).toBe('tools');
      expect(error.message).toContain('web_search');
    }
    expect(harness.simulator.requests('deepseek')).toHaveLength(0);
  });

  it('a hosted tool on a model a native provider serves goes through to it', async () => {
    const answer = await client.responses.create({ model: 'gpt-5', input: 'Search the web', tools: [{ type: 'web_search' }] });
    expect(answer.status).toBe('completed');
    expect((harness.simulator.requests('openai').at(-1)!.body as { tools: unknown }).tools).toEqual([{ type: 'web_search' }]);
  });

  it('a hosted tool goes to the native provider first; when it is down the client gets its retryable error, not a refusal', async () => {
    harness.simulator.clearRequests('both-chat');
    const served = await client.responses.create({ model: 'gpt-5-mini', input: 'Search', tools: [{ type: 'web_search' }] });
    expect(served.status).toBe('completed');
    expect(harness.simulator.requests('both-native')).toHaveLength(1);

    harness.simulator.setBehaviour('both-native', { errorStatus: 429, retryAfterSeconds: 9 });
    for (const stream of [false, true]) {
      harness.gateway.context.router = new RouterState({ breaker: harness.gateway.context.settings.circuitBreaker });
      const error = await caught(
        client.responses.create({ model: 'gpt-5-mini', input: 'Search', tools: [{ type: 'web_search' }], stream }),
      );
      // Codex retries a 429 after retry-after; a 400 saying to remove the tool would end its turn.
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error.headers!.get('retry-after')).toBe('9');
    }
    // The translated provider cannot run the tool, so it is never called for it.
    expect(harness.simulator.requests('both-chat')).toHaveLength(0);
    // Without hosted tools, the same outage falls back to the translated provider.
    const fallback = await client.responses.create({ model: 'gpt-5-mini', input: 'Hi' });
    expect(fallback.status).toBe('completed');
  });

  for (const [provider, model] of [
    ['deepseek', 'deepseek-v4-flash'],
    ['claude', 'claude-sonnet-4-5'],
    ['openai', 'gpt-5'],
  ] as const) {
    it(`a stream ${provider} cuts midway ends with response.failed, which the SDK reports`, async () => {
      harness.simulator.setBehaviour(provider, { cutAfterChunks: 2, chunkCount: 6 });
      const events = await drain(await client.responses.create({ model, input: 'Tell me a story', stream: true }));
      const failed = events.at(-1) as OpenAI.Responses.ResponseFailedEvent;
      expect(failed.type).toBe('response.failed');
      expect(failed.response.status).toBe('failed');
      expect(failed.response.error?.message).toBeTruthy();
      expect(failed.response.error?.code).toBeTruthy();
      expect(JSON.stringify(failed)).not.toContain(PROVIDER_SECRET);
      // Some text reached the client before the cut.
      expect(events.some((event) => event.type === 'response.output_text.delta')).toBe(true);

      // The helper: the failed response is what it ends with, its error on it.
      const helper = client.responses.stream({ model, input: 'Tell me a story' });
      const seen: string[] = [];
      helper.on('response.failed', (event) => seen.push(event.response.error?.code ?? 'no code'));
      const final = await helper.finalResponse();
      expect(final.status).toBe('failed');
      expect(seen).toHaveLength(1);
    });
  }

  it('a healthy stream ends with exactly one response.completed, on every upstream format', async () => {
    for (const model of ['deepseek-v4-flash', 'claude-sonnet-4-5', 'gpt-5']) {
      const events = await drain(await client.responses.create({ model, input: 'Hi', stream: true }));
      expect(events.at(-1)!.type).toBe('response.completed');
    }
  });
});
