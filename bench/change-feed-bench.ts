import { startRedisServer } from '@switchboard/testkit';
import { type SwitchboardHarness, startSwitchboardHarness } from '../apps/gateway/test/switchboard-harness';

// `npm run bench:changes`: how long after an admin's answer do the other instances enforce it?
// Three gateway instances on one Postgres database and a private Redis (everything up). For each
// of BENCH_CHANGES_ROUNDS (30) gateway keys: cache it on B and C, revoke it on A, then poll B and
// C (one request at a time, back to back) until each refuses it. The figure is the time from A's
// answer to the first refusal, per instance; the target is 100 ms. Then the same with Redis
// stopped (Postgres NOTIFY and the one-second poll only).

const ROUNDS = Number(process.env.BENCH_CHANGES_ROUNDS ?? 30);

async function status(harness: SwitchboardHarness, key: string): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  const text = await response.text();
  // After many refusals from one address the refusal is a 429 (failed-key throttling), given only
  // to keys that do not verify: it counts as refused too.
  return response.status === 429 && text.includes('too_many_failed_attempts') ? 401 : response.status;
}

async function refusedAfter(harness: SwitchboardHarness, key: string, since: number): Promise<number> {
  for (;;) {
    if ((await status(harness, key)) === 401) return Date.now() - since;
    if (Date.now() - since > 5_000) throw new Error(`not refused within 5 s (${await status(harness, key)})`);
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function measure(a: SwitchboardHarness, others: SwitchboardHarness[]): Promise<number[]> {
  const figures: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const created = await a.admin<{ id: string; key: string }>('POST', '/admin/api-keys', {
      name: `bench-${Date.now()}-${round}`,
    });
    for (const harness of others) if ((await status(harness, created.body.key)) !== 200) throw new Error('key not accepted');
    const revoked = await a.admin('POST', `/admin/api-keys/${created.body.id}/revoke`);
    if (revoked.status !== 200) throw new Error(`revoke answered ${revoked.status}`);
    const answeredAt = Date.now();
    figures.push(...(await Promise.all(others.map((harness) => refusedAfter(harness, created.body.key, answeredAt)))));
  }
  return figures;
}

function summary(label: string, figures: number[]): string {
  return `${label}: p50 ${percentile(figures, 0.5)} ms, p95 ${percentile(figures, 0.95)} ms, max ${Math.max(...figures)} ms (${figures.length} refusals)`;
}

async function main(): Promise<void> {
  const redis = await startRedisServer({ appendFsync: 'everysec' });
  const settings = { redisUrl: redis.url, logLevel: 'silent' as const };
  const a = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated', settings });
  const b = await startSwitchboardHarness({ join: a, settings });
  const c = await startSwitchboardHarness({ join: a, settings });
  try {
    const up = await measure(a, [b, c]);
    console.log(summary('everything up (Redis notice)', up));
    await redis.stop();
    const down = await measure(a, [b, c]);
    console.log(summary('Redis stopped (Postgres NOTIFY, 1 s poll)', down));
  } finally {
    await c.close();
    await b.close();
    await a.close();
    await redis.dispose();
  }
}

await main();
