import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from './attempt-outcome';
import { RouterState } from './router-state';

function outcome(fields: Partial<AttemptOutcome>): AttemptOutcome {
  return { providerId: 'alpha', modelId: 'm', kind: 'success', latencyMs: 100, streamed: false, ...fields };
}

describe('RouterState', () => {
  it('keeps statistics per (provider, model) and breakers per (provider, key, model)', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 2 } });
    state.reportOutcome(outcome({ latencyMs: 40 }), 0);
    state.reportOutcome(outcome({ modelId: 'other', latencyMs: 90 }), 0);
    state.reportOutcome(outcome({ keyId: 'key_a', kind: 'error' }), 0);
    state.reportOutcome(outcome({ keyId: 'key_a', kind: 'error' }), 0);
    expect(state.statsFor('alpha', 'm')!.latencyMs.mean()).toBe(40);
    expect(state.statsFor('alpha', 'other')!.latencyMs.mean()).toBe(90);
    expect(state.statsFor('beta', 'm')).toBeUndefined();
    expect(state.breakerFor('alpha', 'key_a', 'm')!.state(0)).toBe('open');
    // The environment key (no id) of the same provider is a different breaker.
    expect(state.breakerFor('alpha', undefined, 'm')!.state(0)).toBe('closed');
    expect([...state.entryFor('alpha', 'm')!.breakers.keys()]).toEqual(['', 'key_a']);
  });

  it('takes its configuration from the constructor', () => {
    const state = new RouterState({ breaker: { consecutiveFailures: 1 }, stats: { halfLifeMs: 1 } });
    state.reportOutcome(outcome({ kind: 'error' }), 0);
    expect(state.breakerFor('alpha', undefined, 'm')!.state(0)).toBe('open');
    expect(state.statsFor('alpha', 'm')!.outcomes.attemptsAt(10)).toBeLessThan(0.001);
  });

  it('shares each observation once: unshared snapshots merge into peers without double counting', () => {
    const here = new RouterState();
    const there = new RouterState();
    const everything = new RouterState();
    for (let round = 0; round < 3; round++) {
      for (let index = 0; index < 5; index++) {
        const atMs = round * 10_000 + index * 100;
        const sample = outcome({ latencyMs: 10 * (index + 1) + round });
        (index % 2 === 0 ? here : there).reportOutcome(sample, atMs);
        everything.reportOutcome(sample, atMs);
      }
      // Each instance publishes what it recorded since last time and merges the other's.
      const fromHere = JSON.parse(JSON.stringify(here.takeUnsharedSnapshot()));
      const fromThere = JSON.parse(JSON.stringify(there.takeUnsharedSnapshot()));
      here.merge(fromThere);
      there.merge(fromHere);
    }
    const expected = everything.statsFor('alpha', 'm')!.summary(30_000);
    for (const state of [here, there]) {
      const summary = state.statsFor('alpha', 'm')!.summary(30_000);
      expect(summary.latencyMs.mean).toBeCloseTo(expected.latencyMs.mean!, 9);
      expect(summary.attempts).toBeCloseTo(expected.attempts, 9);
      expect(summary.latencyMs.observations).toBe(15);
      expect(summary.latencyMs.p90).toBe(expected.latencyMs.p90);
    }
    expect(here.takeUnsharedSnapshot().entries).toEqual([]);
  });

  it('snapshots everything it knows, merged observations included', () => {
    const here = new RouterState();
    const there = new RouterState();
    there.reportOutcome(outcome({ providerId: 'beta' }), 0);
    here.merge(there.takeUnsharedSnapshot());
    here.reportOutcome(outcome({}), 0);
    expect(
      here
        .snapshot()
        .entries.map((entry) => `${entry.providerId}/${entry.modelId}`)
        .sort(),
    ).toEqual(['alpha/m', 'beta/m']);
    expect(here.takeUnsharedSnapshot().entries.map((entry) => entry.providerId)).toEqual(['alpha']);
  });

  it('refuses a snapshot of an unknown version', () => {
    const state = new RouterState();
    expect(() => state.merge({ version: 2, entries: [] } as unknown as Parameters<RouterState['merge']>[0])).toThrow(/version 2/);
  });

  it('keeps nothing for peers when sharing is off, and still learns from every outcome', () => {
    const alone = new RouterState({ shareObservations: false });
    alone.reportOutcome({ providerId: 'alpha', modelId: 'm', kind: 'success', latencyMs: 100, streamed: false }, 1_000);
    expect(alone.takeUnsharedSnapshot().entries).toEqual([]);
    expect(alone.statsFor('alpha', 'm')?.summary(1_000).attempts).toBeGreaterThan(0);
  });
});

describe('RouterState shared breakers', () => {
  it('an opening on one instance opens the same circuit on a peer, for the cooldown counted from arrival', () => {
    const here = new RouterState({ breaker: { consecutiveFailures: 3, cooldownMs: 10_000 } });
    const there = new RouterState({ breaker: { consecutiveFailures: 3, cooldownMs: 10_000 } });
    for (let index = 0; index < 3; index++) here.reportOutcome(outcome({ keyId: 'key_a', kind: 'error' }), 1_000);
    const snapshot = here.takeUnsharedSnapshot();
    expect(snapshot.breakerOpenings).toEqual([{ providerId: 'alpha', modelId: 'm', keyId: 'key_a', cooldownMs: 10_000 }]);
    // Sent through Redis as JSON.
    there.merge(JSON.parse(JSON.stringify(snapshot)), 50_000);
    expect(there.breakerFor('alpha', 'key_a', 'm')!.state(50_000)).toBe('open');
    expect(there.breakerFor('alpha', 'key_a', 'm')!.state(59_999)).toBe('open');
    expect(there.breakerFor('alpha', 'key_a', 'm')!.availability(60_000)).toBe('probe-available');
    // Other keys of the provider stay closed; the opening is taken once.
    expect(there.breakerFor('alpha', undefined, 'm')).toBeUndefined();
    expect(here.takeUnsharedSnapshot().breakerOpenings).toBeUndefined();
  });

  it('a peer opening is not shared again, and a merged message without openings (an older peer) still merges', () => {
    const here = new RouterState({ breaker: { consecutiveFailures: 1 } });
    const there = new RouterState({ breaker: { consecutiveFailures: 1 } });
    here.reportOutcome(outcome({ kind: 'timeout' }), 0);
    there.merge(here.takeUnsharedSnapshot(), 0);
    expect(there.breakerFor('alpha', undefined, 'm')!.state(1)).toBe('open');
    expect(there.takeUnsharedSnapshot().breakerOpenings).toBeUndefined();
    there.merge({ version: 1, entries: [] }, 0);
    // A hostile or broken cooldown is ignored rather than opening a circuit for ever.
    there.merge(
      { version: 1, entries: [], breakerOpenings: [{ providerId: 'beta', modelId: 'm', keyId: '', cooldownMs: Number.NaN }] },
      0,
    );
    expect(there.breakerFor('beta', undefined, 'm')).toBeUndefined();
  });
});
