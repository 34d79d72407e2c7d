import { RouterState } from '@switchboard/router';
import { redisUrl, uniqueRedisPrefix } from '@switchboard/testkit';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RouterStatsSync } from './router-stats-sync';

const syncs: RouterStatsSync[] = [];

afterEach(async () => {
  await Promise.all(syncs.splice(0).map((sync) => sync.close()));
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  // Polls the in-memory state: the merge happens inside the subscriber's message handler.
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

describe('RouterStatsSync shared breakers', () => {
  it('five failures on instance A open the breaker on B and C at once, not at the next sync interval', async () => {
    const prefix = uniqueRedisPrefix();
    const config = { breaker: { consecutiveFailures: 5, cooldownMs: 30_000 } };
    const states = [new RouterState(config), new RouterState(config), new RouterState(config)];
    for (const state of states) {
      // A long interval: the opening must not wait for it.
      syncs.push(await RouterStatsSync.start(redisUrl(), prefix, () => state, pino({ level: 'silent' }), 60_000));
    }
    const [a, b, c] = states as [RouterState, RouterState, RouterState];
    const failure = {
      providerId: 'openai',
      modelId: 'gpt-4o-mini',
      keyId: 'pk_1',
      kind: 'error' as const,
      latencyMs: 20,
      streamed: false,
    };
    for (let index = 0; index < 5; index++) a.reportOutcome(failure, Date.now());
    expect(a.breakerFor('openai', 'pk_1', 'gpt-4o-mini')!.state(Date.now())).toBe('open');
    const elapsed = await waitUntil(
      () =>
        b.breakerFor('openai', 'pk_1', 'gpt-4o-mini')?.state(Date.now()) === 'open' &&
        c.breakerFor('openai', 'pk_1', 'gpt-4o-mini')?.state(Date.now()) === 'open',
      1_000,
    );
    // Redis's delivery only (a few ms; bounded loosely for a loaded machine).
    expect(elapsed).toBeLessThan(250);
    // B and C paid no failures of their own, and a peer on another prefix heard nothing.
    expect(b.breakerFor('openai', 'pk_1', 'gpt-4o-mini')!.describe(Date.now()).windowFailures).toBe(0);
    expect(b.breakerFor('openai', 'pk_2', 'gpt-4o-mini')).toBeUndefined();
  });
});
