import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type HarnessProvider, startHarness } from './gateway-harness';
import { chatBody, countByProvider, type ServedBy, sendChat, sendMany, sleep } from './routing-traffic';

const MODEL = 'shared-model';
const COOLDOWN_MS = 600;
const CONSECUTIVE_FAILURES = 3;
// Under `price` the cheaper provider leads every plan while it is healthy, so every request
// reaches it first: what takes it out, and what brings it back, is health alone.
const PRICE = { 'x-switchboard-policy': 'price' };

function provider(id: string, price: { input: number; output: number }): HarnessProvider {
  return { id, format: 'openai', models: [{ id: MODEL, price }] };
}

async function startTwoProviders(cheapId: string): Promise<Harness> {
  return startHarness([provider(cheapId, { input: 1, output: 2 }), provider('steady', { input: 3, output: 6 })], {
    settings: {
      circuitBreaker: { consecutiveFailures: CONSECUTIVE_FAILURES, errorRateThreshold: 0.5, cooldownMs: COOLDOWN_MS },
    },
  });
}

async function noProviderAvailable(harness: Harness, only: string) {
  const response = await harness.post('/v1/chat/completions', chatBody(MODEL, { provider: { only: [only] } }), PRICE);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), error: body.error };
}

describe('provider health through the simulator', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('a provider failing with 500 loses its traffic within 5 requests and wins it back through one probe', async () => {
    harness = await startTwoProviders('flaky');
    harness.simulator.setBehaviour('flaky', { errorStatus: 500 });

    const failing: ServedBy[] = [];
    for (let request = 0; request < 8; request++) failing.push(await sendChat(harness, chatBody(MODEL), PRICE));
    const openedAt = Date.now();
    // Every client was answered, through fallback while the breaker was still closed.
    expect(failing.every((result) => result.status === 200 && result.provider === 'steady')).toBe(true);
    expect(failing.slice(0, CONSECUTIVE_FAILURES).map((result) => result.attempts)).toEqual([2, 2, 2]);
    expect(failing.slice(CONSECUTIVE_FAILURES).every((result) => result.attempts === 1)).toBe(true);
    expect(harness.simulator.requests('flaky')).toHaveLength(CONSECUTIVE_FAILURES);

    const open = await noProviderAvailable(harness, 'flaky');
    expect(open.status).toBe(503);
    expect(open.error.code).toBe('no_provider_available');
    expect(open.error.message).toContain('circuit open');
    // The client is told when the circuit lets a probe through.
    expect(open.retryAfter).not.toBeNull();
    expect(Number(open.retryAfter)).toBeLessThanOrEqual(Math.ceil(COOLDOWN_MS / 1000));

    // Healed, and slow enough that the probe is still in flight while the others are planned.
    harness.simulator.setBehaviour('flaky', { errorStatus: null, latencyMs: 150 });
    harness.simulator.clearRequests('flaky');
    await sleep(Math.max(0, openedAt + COOLDOWN_MS + 50 - Date.now()));
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => sendChat(harness!, chatBody(MODEL), PRICE)));
    expect(concurrent.every((result) => result.status === 200)).toBe(true);
    expect(countByProvider(concurrent)).toEqual({ flaky: 1, steady: 4 });
    expect(harness.simulator.requests('flaky')).toHaveLength(1);

    // The probe succeeded: the circuit is closed and the cheaper provider leads again.
    harness.simulator.setBehaviour('flaky', { latencyMs: 0 });
    const recovered = await sendMany(harness, 5, chatBody(MODEL), { headers: PRICE });
    expect(countByProvider(recovered)).toEqual({ flaky: 5 });
  });

  it('a 429 with Retry-After keeps the provider out until it has passed, then it gets traffic again', async () => {
    harness = await startTwoProviders('limited');
    harness.simulator.setBehaviour('limited', { errorStatus: 429, retryAfterSeconds: 1 });

    const first = await sendChat(harness, chatBody(MODEL), PRICE);
    const limitedAt = Date.now();
    expect(first).toMatchObject({ status: 200, provider: 'steady', attempts: 2 });

    // The provider still answers 429, so any request sent to it would show up here.
    const during: ServedBy[] = [];
    while (Date.now() < limitedAt + 700) {
      during.push(await sendChat(harness, chatBody(MODEL), PRICE));
      await sleep(40);
    }
    expect(during.length).toBeGreaterThan(5);
    expect(during.every((result) => result.provider === 'steady' && result.attempts === 1)).toBe(true);
    expect(harness.simulator.requests('limited')).toHaveLength(1);

    const waiting = await noProviderAvailable(harness, 'limited');
    expect(waiting.status).toBe(503);
    expect(waiting.error.message).toContain('rate limited');
    expect(waiting.retryAfter).toBe('1');

    harness.simulator.setBehaviour('limited', { errorStatus: null, retryAfterSeconds: undefined });
    await sleep(Math.max(0, limitedAt + 1000 + 50 - Date.now()));
    const after = await sendMany(harness, 5, chatBody(MODEL), { headers: PRICE });
    expect(countByProvider(after)).toEqual({ limited: 5 });
    // A 429 is a wait, not a failure: the breaker never opened, so no probe was needed.
    expect(harness.simulator.requests('limited')).toHaveLength(6);
  });
});
