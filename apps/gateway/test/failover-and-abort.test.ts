import { parseOpenAIStream } from '@switchboard/providers';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// `order` pins primary first: these tests are about what happens when it fails, not about ranking.
const body = (stream = false) => ({
  model: 'shared-model',
  stream,
  provider: { order: ['primary', 'secondary'] },
  messages: [{ role: 'user', content: 'Hello' }],
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Two providers serve `shared-model`; `primary` is tried first.
describe('fallback, stream breaks and client disconnects', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(
      [
        { id: 'primary', format: 'openai', models: [{ id: 'shared-model' }] },
        { id: 'secondary', format: 'anthropic', models: [{ id: 'shared-model', upstream: 'claude-haiku-4-5' }] },
      ],
      {
        settings: {
          timeouts: { connectMs: 500, firstByteMs: 300, idleMs: 1000, totalMs: 5000, requestMs: 10_000 },
          // Failures are injected on purpose here; the circuit breaker has its own tests.
          circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 },
        },
      },
    );
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const id of ['primary', 'secondary']) {
      harness.simulator.setBehaviour(id, {
        errorStatus: null,
        failFirst: 0,
        hang: false,
        cutAfterChunks: null,
        chunkGapMs: 0,
        ttftMs: 0,
        latencyMs: 0,
      });
      harness.simulator.clearRequests(id);
    }
  });

  it('falls over to the next provider on a 5xx and says so in the headers', async () => {
    harness.simulator.setBehaviour('primary', { errorStatus: 503 });
    const response = await harness.post('/v1/chat/completions', body());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('secondary');
    expect(response.headers.get('x-switchboard-model')).toBe('claude-haiku-4-5');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    const completion = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(completion.choices[0]?.message.content).toContain('Hello from secondary');
    expect(harness.simulator.requests('primary')).toHaveLength(1);
  });

  it('falls over before a stream has started, so the client sees one provider only', async () => {
    harness.simulator.setBehaviour('primary', { errorStatus: 500 });
    const response = await harness.post('/v1/chat/completions', body(true));
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(response.headers.get('x-switchboard-provider')).toBe('secondary');
    const parsed = parseOpenAIStream(await response.text());
    expect(parsed.done).toBe(true);
    expect(parsed.text).toBe('Hello from secondary. Token 2. Token 3. Token 4. Token 5.');
  });

  it('abandons a hanging provider at the first-byte timeout and succeeds elsewhere', async () => {
    harness.simulator.setBehaviour('primary', { hang: true });
    const started = Date.now();
    const response = await harness.post('/v1/chat/completions', body());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('secondary');
    expect(Date.now() - started).toBeLessThan(2500);
    await waitFor(() => harness.simulator.requests('primary')[0]?.outcome === 'client_closed');
  });

  it('ends a stream cut half way with an error chunk and no second provider', async () => {
    harness.simulator.setBehaviour('primary', { cutAfterChunks: 2, chunkCount: 6 });
    const response = await harness.post('/v1/chat/completions', body(true));
    expect(response.status).toBe(200);
    const parsed = parseOpenAIStream(await response.text());
    expect(parsed.done).toBe(false);
    // The choices-less frame OpenAI itself sends for an error mid-stream.
    expect(parsed.chunks.at(-1)).toEqual({
      error: {
        message: "Provider 'primary' ended the stream before it was complete.",
        type: 'upstream_error',
        code: 'upstream_stream_cut',
      },
    });
    expect(parsed.text).toBe('Hello from primary. Token 2.');
    expect(parsed.text).not.toContain('secondary');
    expect(harness.simulator.requests('secondary')).toHaveLength(0);

    // The openai SDK raises the error frame instead of returning a silently short answer,
    // after handing over the text that did arrive.
    const client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({ ...body(true), stream: true } as never);
    let received = '';
    const failure = await (async () => {
      for await (const chunk of stream as unknown as AsyncIterable<{ choices: { delta: { content?: string } }[] }>) {
        received += chunk.choices[0]?.delta.content ?? '';
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ code: 'upstream_stream_cut', type: 'upstream_error' });
    expect((failure as Error).message).toContain('ended the stream before it was complete');
    expect(received).toBe('Hello from primary. Token 2.');
  });

  it('aborts the upstream request at once when the client disconnects (whole response)', async () => {
    harness.simulator.setBehaviour('primary', { latencyMs: 3000 });
    const controller = new AbortController();
    const pending = harness.post('/v1/chat/completions', body()).catch(() => undefined);
    await waitFor(() => harness.simulator.requests('primary').length === 1);
    const request = fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body()),
      signal: controller.signal,
    }).catch(() => undefined);
    await waitFor(() => harness.simulator.requests('primary').length === 2);
    const abortedAt = Date.now();
    controller.abort();
    await request;
    await waitFor(() => harness.simulator.requests('primary')[1]?.outcome === 'client_closed');
    expect(harness.simulator.requests('primary')[1]!.closedAt! - abortedAt).toBeLessThan(500);
    // The other request is still waiting: only the disconnected client's upstream was cancelled.
    expect(harness.simulator.requests('primary')[0]?.outcome).not.toBe('client_closed');
    harness.simulator.setBehaviour('primary', { latencyMs: 0 });
    await pending;
    await waitFor(() => harness.logs.some((line) => line.includes('"outcome":"client_aborted"')));
  });

  it('aborts the upstream stream when the client disconnects mid-stream', async () => {
    harness.simulator.setBehaviour('primary', { chunkGapMs: 200, chunkCount: 20 });
    const controller = new AbortController();
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(true)),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    const abortedAt = Date.now();
    controller.abort();
    await waitFor(() => harness.simulator.requests('primary')[0]?.outcome === 'client_closed');
    const recorded = harness.simulator.requests('primary')[0]!;
    expect(recorded.closedAt! - abortedAt).toBeLessThan(500);
    expect(recorded.chunksSent).toBeLessThan(20);
    expect(harness.simulator.requests('secondary')).toHaveLength(0);
  });
});
