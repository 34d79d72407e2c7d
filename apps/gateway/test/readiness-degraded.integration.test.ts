import { type RedisServer, startRedisServer, startTcpProxy, type TcpProxy } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface Readiness {
  status: string;
  checks: Record<string, Record<string, unknown>>;
}

async function readiness(harness: SwitchboardHarness, strict = false): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${harness.url}/readyz${strict ? '?strict' : ''}`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

async function metric(harness: SwitchboardHarness, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${harness.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('/readyz while Postgres or Redis is unreachable: still serving, so still ready', () => {
  let redis: RedisServer;
  let proxy: TcpProxy;
  let owner: SwitchboardHarness;
  let instance: SwitchboardHarness;

  beforeAll(async () => {
    redis = await startRedisServer({ appendFsync: 'everysec' });
    owner = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated', settings: { redisUrl: redis.url } });
    const databaseUrl = new URL(owner.databaseUrl);
    proxy = await startTcpProxy(Number(databaseUrl.port || 5432));
    databaseUrl.port = String(proxy.port);
    // This instance reaches Postgres only through the proxy the test cuts.
    instance = await startSwitchboardHarness({
      join: owner,
      settings: { redisUrl: redis.url, databaseUrl: databaseUrl.toString(), changeFeed: { lagThresholdMs: 1_500 } },
    });
  });
  afterAll(async () => {
    await instance?.close();
    await owner?.close();
    await proxy?.close();
    await redis?.dispose();
  });

  it('reports every state as ok with everything up', async () => {
    const { status, body } = await readiness(instance, true);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks).toMatchObject({
      database: { status: 'ok' },
      redis: { status: 'ok' },
      change_feed: { status: 'ok', reachable: true },
      usage_spool: { status: 'ok', inUse: false, full: false },
      shared_limits: { status: 'ok', degraded: false },
    });
    expect(body.checks.change_feed!.lagMs).toBeLessThan(1_500);
    expect(await metric(instance, 'switchboard_rate_limiter_degraded')).toBe(0);
  });

  it('with Postgres cut: 200 degraded (serving from caches), change feed lagging, strict 503; ok again after', async () => {
    expect((await instance.chat()).status).toBe(200);
    proxy.cut();
    try {
      const degraded = await eventually(async () => {
        const answer = await readiness(instance);
        return answer.body.checks.change_feed?.status === 'degraded' && (answer.body.checks.change_feed.lagMs as number) > 1_500
          ? answer
          : undefined;
      }, 10_000);
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.checks.database).toMatchObject({ status: 'degraded' });
      expect(degraded.body.checks.change_feed).toMatchObject({ reachable: false });
      expect((await readiness(instance, true)).status).toBe(503);
      expect(await metric(instance, 'switchboard_change_feed_lag_seconds')).toBeGreaterThan(0.5);
      // Still serving: the key and the catalog are cached, usage goes to the queue.
      expect((await instance.chat()).status).toBe(200);
    } finally {
      proxy.restore();
    }
    await eventually(async () => ((await readiness(instance, true)).status === 200 ? true : undefined), 10_000);
  });

  it('with Redis stopped: 200 degraded, shared limits degraded and its gauge at 1; back to 0 after', async () => {
    const created = await owner.admin<{ key: string }>('POST', '/admin/api-keys', { name: 'limited', rpmLimit: 1_000 });
    expect(created.status, created.text).toBe(201);
    const limitedChat = async () => {
      const response = await fetch(`${instance.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.key}` },
        body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'Hello' }] }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    expect(await limitedChat()).toBe(200);
    await redis.stop();
    try {
      // The limiter finds out on a request with a limit; it serves on per-instance limits.
      expect(await limitedChat()).toBe(200);
      const { status, body } = await readiness(instance);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.checks).toMatchObject({ redis: { status: 'degraded' }, shared_limits: { status: 'degraded', degraded: true } });
      expect(await metric(instance, 'switchboard_rate_limiter_degraded')).toBe(1);
      expect((await readiness(instance, true)).status).toBe(503);
    } finally {
      await redis.start();
    }
    await eventually(async () => {
      await limitedChat();
      return (await metric(instance, 'switchboard_rate_limiter_degraded')) === 0 ? true : undefined;
    }, 15_000);
    await eventually(async () => ((await readiness(instance, true)).status === 200 ? true : undefined), 15_000);
  });
});
