import { describe, expect, it } from 'vitest';
import { type HarnessProvider, startHarness } from './gateway-harness';
import { chatBody, countByProvider, sendMany } from './routing-traffic';

const MODEL = 'shared-model';

function provider(id: string, latencyMs: number, price?: { input: number; output: number }): HarnessProvider {
  return { id, format: 'openai', models: [{ id: MODEL, price }], behaviour: { latencyMs } };
}

// Each test gets its own gateway: the policies learn from the traffic, and one test's statistics
// must not decide the next one's routing.
describe('routing policies through the simulator', () => {
  it('latency: at least 90% of the traffic goes to the fast provider once both are measured', async () => {
    // The slow one is listed first, so catalog order cannot be what favours the fast one.
    const harness = await startHarness([provider('slow', 200), provider('fast', 20)]);
    try {
      const headers = { 'x-switchboard-policy': 'latency' };
      const warmUp = await sendMany(harness, 20, chatBody(MODEL), { headers, concurrency: 2 });
      expect(warmUp.every((result) => result.status === 200)).toBe(true);
      // Unmeasured providers get the benefit of the doubt, so the slow one was tried too.
      expect(harness.simulator.requests('slow').length).toBeGreaterThanOrEqual(3);

      const results = await sendMany(harness, 200, chatBody(MODEL), { headers, concurrency: 4 });
      expect(results.every((result) => result.status === 200)).toBe(true);
      const counts = countByProvider(results);
      expect(counts.fast ?? 0).toBeGreaterThanOrEqual(180);
    } finally {
      await harness.close();
    }
  });

  it('price: the cheaper provider takes all traffic while healthy, even though it is slower', async () => {
    const harness = await startHarness([
      provider('dear', 0, { input: 4, output: 8 }),
      provider('cheap', 60, { input: 1, output: 2 }),
    ]);
    try {
      const results = await sendMany(harness, 40, chatBody(MODEL), {
        headers: { 'x-switchboard-policy': 'price' },
        concurrency: 4,
      });
      expect(countByProvider(results)).toEqual({ cheap: 40 });
      expect(results.every((result) => result.status === 200 && result.attempts === 1)).toBe(true);
      // Price is known rather than measured: nothing is sent to the dearer one to explore it.
      expect(harness.simulator.requests('dear')).toHaveLength(0);
    } finally {
      await harness.close();
    }
  });

  it('balanced: spreads load by price among the near-fastest and leaves a slow one out', async () => {
    const harness = await startHarness(
      [
        // The cheapest of all, but far slower than the others: outside the latency tolerance.
        provider('slow-cheapest', 300, { input: 0.5, output: 1 }),
        provider('dear', 10, { input: 2, output: 4 }),
        provider('cheap', 10, { input: 1, output: 2 }),
      ],
      { settings: { routingPolicy: 'balanced' } },
    );
    try {
      await sendMany(harness, 30, chatBody(MODEL), { concurrency: 4 });
      const counts = countByProvider(await sendMany(harness, 200, chatBody(MODEL), { concurrency: 4 }));
      const cheap = counts.cheap ?? 0;
      const dear = counts.dear ?? 0;
      // Weights are (cheapest cost / own cost)^2: about 79% against 21% for these prices.
      expect(dear).toBeGreaterThanOrEqual(15);
      expect(cheap / (cheap + dear)).toBeGreaterThan(0.65);
      expect(cheap / (cheap + dear)).toBeLessThan(0.92);
      // Only the exploration draw (2% of plans, split between two others) reaches the slow one.
      expect(counts['slow-cheapest'] ?? 0).toBeLessThanOrEqual(10);
      expect(counts.none).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});
