import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// Two gateway instances on one Postgres and one Redis: what one observes about a provider reaches
// the other's router, so a provider's latency is learned once for the whole fleet.
describe('router statistics shared through Redis', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness;

  beforeAll(async () => {
    first = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-shared-stats-key' });
    second = await startSwitchboardHarness({ join: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  // Counts are time-decayed estimates (a few seconds old weigh slightly less than 1), hence the
  // half-attempt slack in the comparisons.
  it("lets each instance see the other's observations within a second", async () => {
    const attemptsSeenBy = (harness: SwitchboardHarness) =>
      harness.switchboard.gateway.context.router.statsFor(SIMULATED_PROVIDER, SIMULATED_MODEL)?.summary(Date.now()).attempts ?? 0;
    expect(attemptsSeenBy(second)).toBe(0);

    for (let index = 0; index < 6; index++) expect((await first.chat()).status).toBe(200);
    const startedWaiting = Date.now();
    const seen = await eventually(async () => (attemptsSeenBy(second) >= 5.5 ? attemptsSeenBy(second) : undefined), 3_000);
    expect(Date.now() - startedWaiting).toBeLessThan(1_500);
    expect(seen).toBeGreaterThanOrEqual(5.5);
    // The second instance served nothing itself: these are the first one's observations.
    expect(second.switchboard.gateway.context.router.statsFor(SIMULATED_PROVIDER, SIMULATED_MODEL)).toBeDefined();

    // And the other way round, without counting anything twice.
    const before = attemptsSeenBy(first);
    for (let index = 0; index < 3; index++) expect((await second.chat()).status).toBe(200);
    await eventually(async () => (attemptsSeenBy(first) >= before + 2.5 ? true : undefined), 3_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(attemptsSeenBy(first)).toBeLessThanOrEqual(before + 3.01);
    expect(attemptsSeenBy(first)).toBeGreaterThan(before + 2.5);
  });
});
