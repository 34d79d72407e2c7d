import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSimulatedProvider, parityCases, send, upstreamRequestsOf } from './parity-cases';
import { expectSurfaceError, surfaceTable } from './surface-table';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// Budgets, rate limits and an unservable model, the same tests on every surface in front of
// every upstream format: admission happens before any surface-specific code, and each surface
// answers a refusal in its own error shape.

// Whole micro-dollars per token (USD per 1M tokens = micro-dollars per token): every cost exact.
const PRICE = { input: 10, output: 20 };

interface BudgetReport {
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
}

let harness: SwitchboardHarness;

const micros = (usd: number) => Math.round(usd * 1_000_000);

async function createKey(fields: Record<string, unknown>): Promise<string> {
  const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', fields);
  expect(created.status, created.text).toBe(201);
  return created.body.key;
}

async function budgetOf(key: string): Promise<BudgetReport> {
  const response = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { budget: BudgetReport } }).data.budget;
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated' });
  for (const upstream of ['openai', 'anthropic'] as const) {
    await addSimulatedProvider(harness, `access-${upstream}`, upstream, [{ id: `access-${upstream}-model`, price: PRICE }]);
  }
  // A provider nobody gave a key: its model can be named but not served.
  const { baseUrl } = harness.simulator.addProvider('keyless', 'openai');
  const created = await harness.admin('POST', '/admin/providers', {
    id: 'keyless',
    adapter: 'openai-compatible',
    baseUrl,
    models: [{ id: 'keyless-model' }],
  });
  expect(created.status, created.text).toBe(201);
  await harness.switchboard.live.settled();
});
afterAll(async () => {
  await harness?.close();
});

describe.each(parityCases)('admission on $label', (parity) => {
  const { surface } = parity;
  const provider = `access-${parity.upstream}`;
  const model = `${provider}-model`;

  it('a key whose budget cannot cover the worst case gets the surface’s 402, and nothing goes upstream', async () => {
    // One micro-dollar: less than any request's reservation (max_tokens of output at 20 a token).
    const key = await createKey({ name: `tiny-${parity.tag}`, budgetUsd: 0.000001, budgetPeriod: 'total' });
    harness.simulator.clearRequests(provider);
    for (const stream of [false, true]) {
      const answer = await send(harness, surface, key, model, { stream, maxTokens: 1_000 });
      expectSurfaceError(surface, answer, 'budget');
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect(harness.simulator.requests(provider)).toHaveLength(0);
    expect(await budgetOf(key)).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
  });

  it('spend settles to exactly the provider’s reported usage after whole and streamed answers', async () => {
    const key = await createKey({ name: `settles-${parity.tag}`, budgetUsd: 1, budgetPeriod: 'total' });
    harness.simulator.setBehaviour(provider, { inputTokens: 120, chunkCount: 6 });
    const requestIds: string[] = [];
    try {
      for (const stream of [false, true]) {
        const answer = await send(harness, surface, key, model, { stream, maxTokens: 1_000 });
        expect(answer.status, answer.text).toBe(200);
        requestIds.push(answer.headers.get('x-request-id')!);
      }
    } finally {
      harness.simulator.setBehaviour(provider, { inputTokens: undefined, chunkCount: 5 });
    }
    // Settlement runs after the answer is written: wait for the reservations to go.
    const settled = await eventually(async () => {
      const budget = await budgetOf(key);
      return budget.reservedUsd === 0 && budget.spentUsd > 0 ? budget : undefined;
    });
    const expectedMicros = requestIds.reduce((sum, requestId) => {
      const [sent] = upstreamRequestsOf(harness, provider, requestId);
      expect(sent?.usageSent).toMatchObject({ inputTokens: 120, outputTokens: 6 });
      return sum + sent!.usageSent!.inputTokens * PRICE.input + sent!.usageSent!.outputTokens * PRICE.output;
    }, 0);
    expect(micros(settled.spentUsd)).toBe(expectedMicros);
    expect(micros(settled.limitUsd)).toBe(1_000_000);
  });

  it('a key over its requests-per-minute limit gets the surface’s 429 with retry-after, and nothing goes upstream', async () => {
    const key = await createKey({ name: `one-a-minute-${parity.tag}`, rpmLimit: 1 });
    harness.simulator.clearRequests(provider);
    const admitted = await send(harness, surface, key, model);
    expect(admitted.status, admitted.text).toBe(200);
    expect(admitted.headers.get('x-ratelimit-limit-requests')).toBe('1');
    for (const stream of [false, true]) {
      const refused = await send(harness, surface, key, model, { stream });
      expectSurfaceError(surface, refused, 'rate_limit');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    }
    expect(harness.simulator.requests(provider)).toHaveLength(1);
  });
});

describe.each(surfaceTable)('unservable models on $name', (surface) => {
  it('a model no provider can serve now gets the surface’s overload answer (503; Anthropic’s 529)', async () => {
    for (const stream of [false, true]) {
      const answer = await send(harness, surface, harness.apiKey, 'keyless-model', { stream });
      expectSurfaceError(surface, answer, 'unavailable');
    }
    expect(harness.simulator.requests('keyless')).toHaveLength(0);
  });
});
