import { generateApiKey } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

describe('failed-key throttling cannot lock out valid keys from the same address', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
    await harness.addKey(SIMULATED_PROVIDER, 'only', 'sk-throttling-test-provider-key');
  });
  afterAll(() => harness?.close());

  const models = (key: string) => fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });

  it('throttles 100 bad keys from one address with 429, then serves a valid uncached key from it', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 100; attempt++) {
      // Well-formed keys (right checksum) that no row holds: each costs a lookup until throttled.
      const response = await models(attempt % 10 === 0 ? 'sb_live_garbage' : generateApiKey());
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.text();
    }
    expect(statuses.slice(0, 19).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(19).every((status) => status === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    // Everyone here shares 127.0.0.1, as everyone behind one load balancer shares its address.
    // The gateway key was never presented before: no cache holds it, so it must be looked up.
    const valid = await harness.chat();
    expect(valid.status, valid.text).toBe(200);
    expect((await models(harness.apiKey)).status).toBe(200);

    // And the attacker is still throttled.
    expect((await models(generateApiKey())).status).toBe(429);
  });
});
