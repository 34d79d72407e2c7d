import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// Two instances over Redis: a price version added through one reaches the other's in-memory price
// book through the change bus (the `prices` topic), so both price the next request alike.

let first: SwitchboardHarness;
let second: SwitchboardHarness;

beforeAll(async () => {
  first = await startSwitchboardHarness({ environmentKey: 'sk-simulated', redis: true });
  second = await startSwitchboardHarness({ join: first });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

it('a price version added on one instance prices requests on the other', async () => {
  const created = await first.admin<{ id: string }>('POST', '/admin/prices', {
    provider: SIMULATED_PROVIDER,
    model: SIMULATED_MODEL,
    effectiveFrom: '2026-04-24T00:00:00Z',
    usdPerMillion: { input: '0.14', cachedInput: '0.028', output: '0.28' },
  });
  expect(created.status, created.text).toBe(201);
  const inForce = await eventually(
    async () =>
      second.switchboard.gateway.context.priceBook?.versionAt(SIMULATED_PROVIDER, SIMULATED_MODEL, Date.now())?.version.id,
  );
  expect(inForce).toBe(created.body.id);
  first.simulator.setBehaviour(SIMULATED_PROVIDER, {
    inputTokens: 2_200,
    cachedInputTokens: 2_000,
    usageOverride: { completion_tokens: 300 },
  });
  const response = await second.chat();
  expect(response.status, response.text).toBe(200);
  expect((JSON.parse(response.text) as { usage: { cost: number } }).usage.cost).toBe(0.000168);
});
