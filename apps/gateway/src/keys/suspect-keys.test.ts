import { describe, expect, it } from 'vitest';
import { SuspectKeys } from './suspect-keys';

describe('SuspectKeys', () => {
  it('holds a key for the hold time, once per suspicion', () => {
    const suspects = new SuspectKeys(1_000);
    expect(suspects.mark('pk_a', 0)).toBe(true);
    // Already suspect: no second probe.
    expect(suspects.mark('pk_a', 500)).toBe(false);
    expect(suspects.isSuspect('pk_a', 999)).toBe(true);
    expect(suspects.isSuspect('pk_b', 999)).toBe(false);
    // The hold runs out by itself, and then a new 401 can start another probe.
    expect(suspects.isSuspect('pk_a', 1_000)).toBe(false);
    expect(suspects.size).toBe(0);
    expect(suspects.mark('pk_a', 1_001)).toBe(true);
  });

  it('clears a key at once when its probe is accepted', () => {
    const suspects = new SuspectKeys(1_000);
    suspects.mark('pk_a', 0);
    suspects.clear('pk_a');
    expect(suspects.isSuspect('pk_a', 1)).toBe(false);
    expect(suspects.isSuspect(undefined, 1)).toBe(false);
  });
});
