import { describe, expect, it } from 'vitest';
import { type GcraState, gcraAdjust, gcraBacklog, gcraTake } from './gcra';

const minute = 60_000;

/** Takes one unit `count` times at `nowMs`, returning how many were allowed and the final state. */
function takeMany(count: number, limit: number, nowMs: number, start?: GcraState) {
  let state = start;
  let allowed = 0;
  for (let index = 0; index < count; index++) {
    const outcome = gcraTake(state, limit, 1, nowMs, minute);
    if (outcome.allowed) {
      allowed++;
      state = outcome.state;
    }
  }
  return { allowed, state };
}

describe('gcra', () => {
  it.each([1, 3, 7, 60, 97, 1000, 2_147_483_647])('admits exactly the limit (%i) at one instant', (limit) => {
    const count = Math.min(limit + 5, 2_000);
    expect(takeMany(count, limit, 1_000).allowed).toBe(Math.min(limit, count));
  });

  it('refills one unit every window / limit', () => {
    const { state } = takeMany(7, 7, 0);
    // 60000 / 7 = 8571.43 ms per unit: nothing at 8571 ms, one unit at 8572 ms.
    expect(gcraTake(state, 7, 1, 8_571, minute).allowed).toBe(false);
    expect(gcraTake(state, 7, 1, 8_571, minute).retryAfterMs).toBe(1);
    expect(gcraTake(state, 7, 1, 8_572, minute)).toMatchObject({ allowed: true, remaining: 0 });
    expect(takeMany(10, 7, minute, state).allowed).toBe(7);
  });

  it('reports remaining units and the time until full', () => {
    const first = gcraTake(undefined, 60, 1, 0, minute);
    expect(first).toMatchObject({ allowed: true, remaining: 59, resetMs: 1_000 });
    const second = gcraTake(first.state, 60, 10, 0, minute);
    expect(second).toMatchObject({ allowed: true, remaining: 49, resetMs: 11_000 });
    const refused = gcraTake(second.state, 60, 50, 0, minute);
    expect(refused).toMatchObject({ allowed: false, remaining: 49, resetMs: 11_000, retryAfterMs: 1_000 });
  });

  it('charges a cost above the limit as the whole limit, so it waits for a full bucket instead of never fitting', () => {
    expect(gcraTake(undefined, 100, 250, 0, minute)).toMatchObject({ allowed: true, remaining: 0, resetMs: minute });
    const used = gcraTake(undefined, 100, 1, 0, minute).state;
    expect(gcraTake(used, 100, 250, 0, minute)).toMatchObject({ allowed: false, retryAfterMs: 600 });
  });

  it('corrects with actual usage: refunds free units, overruns become debt that blocks', () => {
    const charged = gcraTake(undefined, 1_000, 800, 0, minute).state;
    const refunded = gcraAdjust(charged, -700, 0, minute);
    expect(gcraTake(refunded, 1_000, 900, 0, minute).allowed).toBe(true);
    const overrun = gcraAdjust(charged, 1_200, 0, minute);
    expect(gcraTake(overrun, 1_000, 0, 0, minute)).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 60_000 });
    // A refund never makes a bucket fuller than full.
    expect(gcraAdjust(charged, -5_000, 0, minute).backlog).toBe(0);
  });

  it('keeps the time left when the limit changes', () => {
    const state = gcraTake(undefined, 60, 30, 0, minute).state;
    expect(gcraBacklog(state, 60, 0) / 60).toBe(30_000);
    expect(gcraBacklog(state, 120, 0) / 120).toBe(30_000);
    // Half the window is used, so half of the new limit is left.
    expect(gcraTake(state, 120, 60, 0, minute).allowed).toBe(true);
    expect(gcraTake(state, 120, 61, 0, minute).allowed).toBe(false);
  });

  it('does not drain backwards when a clock runs behind', () => {
    const state = gcraTake(undefined, 60, 60, 10_000, minute).state;
    expect(gcraBacklog(state, 60, 5_000)).toBe(gcraBacklog(state, 60, 10_000));
    expect(gcraTake(state, 60, 1, 5_000, minute).state.updatedAtMs).toBe(10_000);
  });
});
