import { type RedisServer, startRedisServer } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

describe('usage that can be kept nowhere (queue down, spool and memory full): DESIGN.md contract 12', () => {
  let redis: RedisServer;
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    redis = await startRedisServer({ appendFsync: 'everysec' });
    harness = await startSwitchboardHarness({
      redis: true,
      environmentKey: 'sk-simulated',
      // A spool that takes nothing and room for three events in memory.
      settings: { redisUrl: redis.url, usage: { spoolLimitBytes: 1, memoryLimitEvents: 3 } },
    });
  });
  afterAll(async () => {
    await harness?.close();
    await redis?.dispose();
  });

  it('refuses new requests with 503 and retry-after while nothing can keep their usage, logs once per state change, and serves again once the queue is back', async () => {
    expect((await harness.chat()).status).toBe(200);
    await redis.stop();
    let refused: Awaited<ReturnType<SwitchboardHarness['chat']>> | undefined;
    try {
      refused = await eventually(async () => {
        const answer = await harness.chat();
        if (answer.status === 503) return answer;
        expect(answer.status).toBe(200);
        return undefined;
      }, 20_000);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(JSON.parse(refused.text)).toMatchObject({ error: { type: 'service_unavailable', code: 'usage_unavailable' } });
      // Memory holds its limit plus what requests already admitted recorded, never more.
      const ready = await fetch(`${harness.url}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { checks: { usage_spool: Record<string, unknown> } };
      expect(body.checks.usage_spool).toMatchObject({ status: 'failing', full: true, refusingRequests: true });
      expect(body.checks.usage_spool.pendingEvents as number).toBeLessThanOrEqual(4);
      for (let retry = 0; retry < 5; retry++) expect((await harness.chat()).status).toBe(503);
      // Let the batcher retry a few times (once a second): still one line for the outage.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const lines = (text: string) => harness.logs.filter((line) => line.includes(text)).length;
      expect(lines('could be stored neither by the store nor in the spool')).toBe(1);
      expect(lines('refusing new requests with 503')).toBe(1);
      expect(lines('spooling usage events to disk')).toBe(1);
    } finally {
      await redis.start();
    }
    await eventually(async () => ((await harness.chat()).status === 200 ? true : undefined), 20_000);
    expect(harness.logs.filter((line) => line.includes('usage can be kept again')).length).toBe(1);
  });
});
