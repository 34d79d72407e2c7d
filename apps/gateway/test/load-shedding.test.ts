import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const chat = { model: 'shared-model', messages: [{ role: 'user', content: 'Hello' }] };
const messages = { model: 'shared-model', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] };
const providers = [{ id: 'primary', format: 'openai' as const, models: [{ id: 'shared-model' }] }];

describe('load shedding: MAX_IN_FLIGHT', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(providers, { settings: { maxInFlight: 2 } });
  });
  afterAll(() => harness.close());

  it('past the limit answers 503 with retry-after in each surface, before reading the body, and serves again once below it', async () => {
    harness.simulator.setBehaviour('primary', { hang: true });
    const held = new AbortController();
    // Not harness.post: these must be cancellable.
    const running = [1, 2].map(() =>
      fetch(`${harness.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chat),
        signal: held.signal,
      }).catch(() => undefined),
    );
    await waitFor(() => harness.simulator.requests('primary').length === 2);

    const refused = await harness.post('/v1/chat/completions', chat);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await refused.json()).toEqual({
      error: {
        message: expect.stringContaining('limit of requests in flight'),
        type: 'service_unavailable',
        code: 'gateway_overloaded',
        param: null,
      },
    });
    // Anthropic's surface: the error table's overload status and shape, which Claude Code retries.
    const anthropic = await harness.post('/v1/messages', messages, { 'anthropic-version': '2023-06-01' });
    expect(anthropic.status).toBe(529);
    expect(anthropic.headers.get('retry-after')).toBe('1');
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    // A body the gateway never read: refused all the same, and the connection still serves.
    const large = await harness.post('/v1/chat/completions', { ...chat, padding: 'x'.repeat(2_000_000) });
    expect(large.status).toBe(503);
    // Nothing refused reached the upstream; health and metrics are never shed.
    expect(harness.simulator.requests('primary')).toHaveLength(2);
    expect((await fetch(`${harness.gateway.url}/healthz`)).status).toBe(200);
    const metrics = await harness.gateway.context.metrics.render();
    expect(metrics).toContain('switchboard_requests_shed_total{route="chat.completions",reason="in_flight"} 2');
    expect(metrics).toContain('switchboard_requests_shed_total{route="messages",reason="in_flight"} 1');

    // The held clients leave: their requests end and the instance takes requests again.
    harness.simulator.setBehaviour('primary', { hang: false });
    held.abort();
    await Promise.all(running);
    await waitFor(() => !harness.gateway.context.metrics.registry.render().match(/in_flight\{route="chat.completions"\} [1-9]/));
    expect((await harness.post('/v1/chat/completions', chat)).status).toBe(200);
  });
});

describe('load shedding: SHED_EVENT_LOOP_DELAY_MS', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(providers, { settings: { shedEventLoopDelayMs: 40 } });
  });
  afterAll(() => harness.close());

  it('sheds while the event loop lags past the threshold and serves once it recovers', async () => {
    expect((await harness.post('/v1/chat/completions', chat)).status).toBe(200);
    // Block the loop for 200 ms, as a burst of synchronous work would.
    const until = performance.now() + 200;
    while (performance.now() < until) {}
    // The lag probe (a 50 ms timer) runs in the next timers phase, before this request is handled.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const refused = await harness.post('/v1/chat/completions', chat);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('gateway_overloaded');
    // A probe or two later the lag is gone.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await harness.post('/v1/chat/completions', chat)).status).toBe(200);
    expect(await harness.gateway.context.metrics.render()).toContain(
      'switchboard_requests_shed_total{route="chat.completions",reason="event_loop"} 1',
    );
  });
});
