import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// A gateway key's default routing policy decides between providers when the request names none,
// and a request's own x-switchboard-policy still wins.
describe("a gateway key's default routing policy", () => {
  let harness: SwitchboardHarness;

  async function createKey(name: string, defaultPolicy: string): Promise<string> {
    const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', { name, defaultPolicy });
    expect(created.status, created.text).toBe(201);
    return created.body.key;
  }

  async function servedBy(key: string, count: number, headers: Record<string, string> = {}): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (let index = 0; index < count; index++) {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
        body: JSON.stringify({ model: SIMULATED_MODEL, max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(response.status).toBe(200);
      const provider = response.headers.get('x-switchboard-provider') ?? '?';
      counts[provider] = (counts[provider] ?? 0) + 1;
    }
    return counts;
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
    // A second provider serving the same model: ten times cheaper but 150 ms slower.
    const { baseUrl } = harness.simulator.addProvider('slow-cheap', 'openai', { latencyMs: 150 });
    const added = await harness.admin('POST', '/admin/providers', {
      id: 'slow-cheap',
      adapter: 'openai-compatible',
      baseUrl,
      models: [{ id: SIMULATED_MODEL, price: { input: 0.1, output: 0.2 } }],
    });
    expect(added.status, added.text).toBe(201);
    await harness.addKey('slow-cheap', 'main', 'sk-slow-cheap');
    const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
      models: [{ id: SIMULATED_MODEL, price: { input: 1, output: 2 } }],
    });
    expect(priced.status, priced.text).toBe(200);
    await harness.switchboard.live.settled();
  });
  afterAll(() => harness?.close());

  it('sends a price-first key to the cheaper provider, and a latency-first key to the faster one once measured', async () => {
    const priceKey = await createKey('price-first', 'price');
    expect(await servedBy(priceKey, 8)).toEqual({ 'slow-cheap': 8 });

    const latencyKey = await createKey('latency-first', 'latency');
    await servedBy(latencyKey, 6); // warm-up: both get measured
    const counts = await servedBy(latencyKey, 20);
    expect(counts[SIMULATED_PROVIDER] ?? 0).toBeGreaterThanOrEqual(17);
  });

  it('lets the request override the key with x-switchboard-policy', async () => {
    const latencyKey = await createKey('latency-overridden', 'latency');
    expect(await servedBy(latencyKey, 6, { 'x-switchboard-policy': 'price' })).toEqual({ 'slow-cheap': 6 });
  });
});
