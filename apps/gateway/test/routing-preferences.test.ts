import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type HarnessProvider, startHarness } from './gateway-harness';
import { chatBody, countByProvider, sendChat, sendMany } from './routing-traffic';

const MODEL = 'shared-model';
const PROVIDER_IDS = ['gamma', 'beta', 'alpha', 'solo', 'backup'];

// Catalog order is the dearest first, so neither catalog order nor a tie can pass for a
// preference that picked the cheap one.
const PROVIDERS: HarnessProvider[] = [
  { id: 'gamma', format: 'openai', models: [{ id: MODEL, price: { input: 5, output: 10 } }] },
  { id: 'beta', format: 'openai', models: [{ id: MODEL, price: { input: 3, output: 6 } }] },
  { id: 'alpha', format: 'openai', models: [{ id: MODEL, price: { input: 1, output: 2 } }] },
  { id: 'solo', format: 'openai', models: [{ id: 'solo-model' }] },
  { id: 'backup', format: 'openai', models: [{ id: 'backup-model', upstream: 'backup-upstream' }] },
];

interface ErrorAnswer {
  status: number;
  provider: string | null;
  error: { code: string; message: string; param: string | null };
}

async function sendForError(harness: Harness, body: unknown): Promise<ErrorAnswer> {
  const response = await harness.post('/v1/chat/completions', body);
  const parsed = (await response.json()) as { error: ErrorAnswer['error'] };
  return { status: response.status, provider: response.headers.get('x-switchboard-provider'), error: parsed.error };
}

function received(harness: Harness): Record<string, number> {
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, harness.simulator.requests(id).length]));
}

describe('OpenRouter-style routing preferences through the simulator', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(PROVIDERS, {
      // Failures are injected on purpose; breakers opening would change what later tests see.
      settings: { circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 } },
    });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const id of PROVIDER_IDS) {
      harness.simulator.setBehaviour(id, { errorStatus: null, latencyMs: 0 });
      harness.simulator.clearRequests(id);
    }
  });

  it('order: the named providers go first in that order, the others follow as fallbacks', async () => {
    const body = chatBody(MODEL, { provider: { order: ['beta', 'gamma'] } });
    expect(countByProvider(await sendMany(harness, 10, body))).toEqual({ beta: 10 });

    harness.simulator.setBehaviour('beta', { errorStatus: 500 });
    expect(await sendChat(harness, body)).toMatchObject({ status: 200, provider: 'gamma', attempts: 2 });
    harness.simulator.setBehaviour('gamma', { errorStatus: 500 });
    expect(await sendChat(harness, body)).toMatchObject({ status: 200, provider: 'alpha', attempts: 3 });
  });

  it('only: traffic stays on the listed providers, also when they fail', async () => {
    const body = chatBody(MODEL, { provider: { only: ['gamma'] } });
    expect(countByProvider(await sendMany(harness, 10, body))).toEqual({ gamma: 10 });

    harness.simulator.setBehaviour('gamma', { errorStatus: 500 });
    const failed = await sendForError(harness, body);
    expect(failed.status).toBe(502);
    expect(failed.provider).toBe('gamma');
    expect(received(harness)).toMatchObject({ alpha: 0, beta: 0, gamma: 11 });
  });

  it('only: a 503 naming provider.only when no listed provider serves the model', async () => {
    const answer = await sendForError(harness, chatBody(MODEL, { provider: { only: ['nowhere'] } }));
    expect(answer.status).toBe(503);
    expect(answer.error.code).toBe('no_provider_available');
    expect(answer.error.message).toMatch(/^Provider\.only excludes every provider/);
    expect(answer.error.message).toContain("provider 'alpha' is not in provider.only");
    expect(Object.values(received(harness))).toEqual([0, 0, 0, 0, 0]);
  });

  it('ignore: the ignored provider gets nothing, even when it is the cheapest', async () => {
    const body = chatBody(MODEL, { provider: { ignore: ['alpha'], sort: 'price' } });
    expect(countByProvider(await sendMany(harness, 10, body))).toEqual({ beta: 10 });
    expect(received(harness).alpha).toBe(0);

    const everyone = await sendForError(harness, chatBody(MODEL, { provider: { ignore: ['alpha', 'beta', 'gamma'] } }));
    expect(everyone.status).toBe(503);
    expect(everyone.error.message).toMatch(/^Provider\.ignore excludes every provider/);
  });

  it('max_price: providers over either limit are skipped, even when named in order', async () => {
    const order = ['gamma', 'beta', 'alpha'];
    const underPrompt = chatBody(MODEL, { provider: { order, max_price: { prompt: 4 } } });
    expect(countByProvider(await sendMany(harness, 5, underPrompt))).toEqual({ beta: 5 });
    const underCompletion = chatBody(MODEL, { provider: { order, max_price: { completion: 2 } } });
    expect(countByProvider(await sendMany(harness, 5, underCompletion))).toEqual({ alpha: 5 });
    expect(received(harness).gamma).toBe(0);
  });

  it('max_price: a 503 naming max_price when it is below every price', async () => {
    const answer = await sendForError(harness, chatBody(MODEL, { provider: { max_price: { prompt: 0.5 } } }));
    expect(answer.status).toBe(503);
    expect(answer.error.code).toBe('no_provider_available');
    expect(answer.error.message).toMatch(/^All providers are over max_price/);
    expect(answer.error.message).toContain('input costs $1 per 1M tokens, over provider.max_price.prompt $0.5');
  });

  it('models: the fallback model serves when every provider of the first one fails', async () => {
    const body = chatBody('solo-model', { models: ['backup-model'] });
    expect(await sendChat(harness, body)).toMatchObject({ status: 200, provider: 'solo', model: 'solo-model', attempts: 1 });
    expect(received(harness).backup).toBe(0);

    harness.simulator.setBehaviour('solo', { errorStatus: 503 });
    expect(await sendChat(harness, body)).toMatchObject({
      status: 200,
      provider: 'backup',
      model: 'backup-upstream',
      attempts: 2,
    });
    // The fallback list was asked for explicitly, so it applies without backup providers too.
    const noFallbacks = chatBody('solo-model', { models: ['backup-model'], provider: { allow_fallbacks: false } });
    expect(await sendChat(harness, noFallbacks)).toMatchObject({ status: 200, provider: 'backup', attempts: 2 });
  });

  it('allow_fallbacks false: a failing first provider is an error, not a fall-over', async () => {
    harness.simulator.setBehaviour('gamma', { errorStatus: 500 });
    const pinned = await sendForError(harness, chatBody(MODEL, { provider: { order: ['gamma'], allow_fallbacks: false } }));
    expect(pinned.status).toBe(502);
    expect(pinned.error.code).toBe('upstream_500');
    expect(pinned.provider).toBe('gamma');

    harness.simulator.setBehaviour('alpha', { errorStatus: 500 });
    const sorted = await sendForError(harness, chatBody(MODEL, { provider: { sort: 'price', allow_fallbacks: false } }));
    expect(sorted.status).toBe(502);
    expect(sorted.provider).toBe('alpha');
    expect(received(harness)).toMatchObject({ alpha: 1, beta: 0, gamma: 1 });

    // The same request with fallbacks allowed is answered by the next provider.
    expect(await sendChat(harness, chatBody(MODEL, { provider: { sort: 'price' } }))).toMatchObject({
      status: 200,
      provider: 'beta',
      attempts: 2,
    });
  });

  it('an unknown preference field is a 400 naming it, and nothing is sent upstream', async () => {
    const answer = await sendForError(harness, chatBody(MODEL, { provider: { sortt: 'price' } }));
    expect(answer.status).toBe(400);
    expect(answer.error.code).toBe('invalid_routing_preference');
    expect(answer.error.param).toBe('provider.sortt');
    expect(answer.error.message).toContain("'provider.sortt'");
    expect(Object.values(received(harness))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe(':floor and :nitro through the simulator', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(PROVIDERS.slice(0, 3));
  });
  afterAll(() => harness.close());

  it(':floor sorts by price, over the policy the header asks for', async () => {
    // The cheapest is also the slowest, so `latency` alone would send the traffic elsewhere.
    harness.simulator.setBehaviour('alpha', { latencyMs: 60 });
    const headers = { 'x-switchboard-policy': 'latency' };
    const results = await sendMany(harness, 10, chatBody(`${MODEL}:floor`), { headers, concurrency: 2 });
    expect(countByProvider(results)).toEqual({ alpha: 10 });
    expect(results.every((result) => result.status === 200 && result.model === MODEL)).toBe(true);
    harness.simulator.setBehaviour('alpha', { latencyMs: 0 });
  });

  it(':nitro sorts by measured throughput: the fastest generator wins once all are measured', async () => {
    // The dearest streams its tokens ten times faster than the others.
    harness.simulator.setBehaviour('gamma', { chunkGapMs: 2 });
    harness.simulator.setBehaviour('beta', { chunkGapMs: 25 });
    harness.simulator.setBehaviour('alpha', { chunkGapMs: 25 });
    const body = chatBody(`${MODEL}:nitro`, { stream: true });
    // Unmeasured providers are tried first (three streams each) before the sort can settle.
    await sendMany(harness, 12, body, { concurrency: 3 });
    const results = await sendMany(harness, 10, body, { concurrency: 2 });
    expect(countByProvider(results)).toEqual({ gamma: 10 });
    expect(results.every((result) => result.status === 200)).toBe(true);
  });
});
