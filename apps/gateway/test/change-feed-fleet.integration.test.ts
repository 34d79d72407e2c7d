import { type RedisServer, startRedisServer } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, SIMULATED_MODEL, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

/** A chat request with this gateway key; only the status matters here. */
async function chatStatus(harness: SwitchboardHarness, key: string, model = SIMULATED_MODEL): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Milliseconds from `since` until `harness` refuses `key` (401), or fails past `limitMs`. */
async function untilRefused(harness: SwitchboardHarness, key: string, since: number, limitMs: number): Promise<number> {
  for (;;) {
    const status = await chatStatus(harness, key);
    const elapsed = Date.now() - since;
    if (status === 401) return elapsed;
    expect(status).toBe(200);
    if (elapsed > limitMs) throw new Error(`still accepted after ${elapsed} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the change feed across three instances, with the private Redis stopped and started', () => {
  let redis: RedisServer;
  let a: SwitchboardHarness;
  let b: SwitchboardHarness;
  let c: SwitchboardHarness;

  beforeAll(async () => {
    redis = await startRedisServer({ appendFsync: 'everysec' });
    const settings = { redisUrl: redis.url };
    a = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider', settings });
    b = await startSwitchboardHarness({ join: a, settings });
    c = await startSwitchboardHarness({ join: a, settings });
  });
  afterAll(async () => {
    await c?.close();
    await b?.close();
    await a?.close();
    await redis?.dispose();
  });

  it('with Redis down: a revocation on A is enforced on B and C within 2 s, a disabled provider is routed by neither, and all converge once Redis is back', async () => {
    const created = await a.admin<{ id: string; key: string }>('POST', '/admin/api-keys', { name: 'revoked-while-redis-down' });
    expect(created.status, created.text).toBe(201);
    const { id, key } = created.body;
    const { model: secondModel } = await a.addSimulatedProvider('second');
    await a.addKey('second', 'second-key', 'sk-second');
    // Every instance has the key cached and routes the new provider before Redis goes away.
    for (const harness of [a, b, c]) {
      await eventually(async () => ((await chatStatus(harness, key, secondModel)) === 200 ? true : undefined));
      expect(await chatStatus(harness, key)).toBe(200);
    }

    await redis.stop();
    const revoked = await a.admin('POST', `/admin/api-keys/${id}/revoke`);
    // Committed, so answered: the lost Redis notice is the change feed's problem, not the admin's.
    expect(revoked.status, revoked.text).toBe(200);
    const answeredAt = Date.now();
    const [onB, onC] = await Promise.all([untilRefused(b, key, answeredAt, 2_000), untilRefused(c, key, answeredAt, 2_000)]);
    expect(onB).toBeLessThan(2_000);
    expect(onC).toBeLessThan(2_000);
    expect(await chatStatus(a, key)).toBe(401);

    const disabled = await a.admin('PATCH', '/admin/providers/second', { enabled: false });
    expect(disabled.status, disabled.text).toBe(200);
    const disabledAt = Date.now();
    for (const harness of [b, c]) {
      await eventually(async () => ((await harness.chat(secondModel)).status !== 200 ? true : undefined), 2_000);
    }
    expect(Date.now() - disabledAt).toBeLessThan(2_000);
    const sentBefore = a.simulator.requests('second').length;
    for (const harness of [a, b, c]) expect((await harness.chat(secondModel)).status).not.toBe(200);
    expect(a.simulator.requests('second').length).toBe(sentBefore);
    // The default key and provider still serve everywhere: the instances never stopped working.
    for (const harness of [a, b, c]) expect((await harness.chat()).status).toBe(200);

    await redis.start();
    const enabled = await b.admin('PATCH', '/admin/providers/second', { enabled: true });
    expect(enabled.status, enabled.text).toBe(200);
    for (const harness of [a, b, c]) {
      await eventually(async () => ((await harness.chat(secondModel)).status === 200 ? true : undefined), 2_000);
    }
    // Same last applied sequence everywhere: nothing was skipped by anyone.
    const sequences = await eventually(async () => {
      const values = [a, b, c].map((harness) => harness.switchboard.changeFeed.state().lastAppliedSequence);
      return new Set(values).size === 1 ? values : undefined;
    });
    expect(sequences[0]).toBeGreaterThan(0);
  });
});
