import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter';
import type { RateLimiter, RateLimitRequest } from './rate-limiter';
import { ResilientRateLimiter } from './resilient-rate-limiter';

const start = Date.parse('2030-01-01T00:00:00Z');
const request: RateLimitRequest = {
  keyId: 'key_a',
  rpmLimit: 2,
  tpmLimit: null,
  concurrencyLimit: 1,
  estimatedTokens: 0,
  nowMs: start,
};

/** A shared limiter that works like memory until told to fail or hang, and counts its calls. */
class Switchable implements RateLimiter {
  readonly inner = new MemoryRateLimiter();
  mode: 'up' | 'down' | 'hang' = 'up';
  admits = 0;
  releases: string[] = [];

  async admit(input: RateLimitRequest) {
    this.admits++;
    if (this.mode === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    if (this.mode === 'hang') return new Promise<never>(() => {});
    return this.inner.admit(input);
  }

  async release(admissionId: string, actualTokens: number, nowMs?: number) {
    this.releases.push(admissionId);
    if (this.mode === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    return this.inner.release(admissionId, actualTokens, nowMs);
  }
}

function setup(options: { failOpen?: boolean; timeoutMs?: number } = {}) {
  const shared = new Switchable();
  const local = new MemoryRateLimiter();
  const events: string[] = [];
  const limiter = new ResilientRateLimiter(shared, local, {
    probeIntervalMs: 1_000,
    onDegraded: (error) => events.push(`degraded: ${error instanceof Error ? error.message : String(error)}`),
    onRecovered: () => events.push('recovered'),
    ...options,
  });
  return { shared, local, events, limiter };
}

describe('ResilientRateLimiter', () => {
  it('uses the shared limiter while it answers, and releases through it', async () => {
    const { shared, limiter, events } = setup();
    const decision = await limiter.admit(request);
    expect(decision).toMatchObject({ allowed: true });
    expect(decision.degraded).toBeUndefined();
    expect((await limiter.admit(request)).limitedBy).toBe('concurrency');
    await limiter.release(decision.admissionId!, 0, start);
    expect(shared.releases).toHaveLength(1);
    expect((await limiter.admit(request)).allowed).toBe(true);
    expect(shared.admits).toBe(3);
    expect(events).toEqual([]);
    expect(limiter.degraded).toBe(false);
  });

  it('falls back to local limits when the shared limiter fails, reporting the outage once', async () => {
    const { shared, limiter, events } = setup();
    shared.mode = 'down';
    const first = await limiter.admit(request);
    expect(first).toMatchObject({ allowed: true, degraded: true });
    expect((await limiter.admit({ ...request, nowMs: start + 1 })).limitedBy).toBe('concurrency');
    await limiter.release(first.admissionId!, 0, start + 2);
    // Local limits are real limits: the second request of a 2-per-minute key passes, the third does not.
    expect((await limiter.admit({ ...request, nowMs: start + 3 })).allowed).toBe(true);
    expect(await limiter.admit({ ...request, nowMs: start + 4, concurrencyLimit: null })).toMatchObject({
      allowed: false,
      limitedBy: 'requests',
      degraded: true,
    });
    expect(events).toEqual(['degraded: connect ECONNREFUSED 127.0.0.1:6379']);
    expect(limiter.degraded).toBe(true);
    // Only the first request paid for the failure; the release went to the local limiter.
    expect(shared.admits).toBe(1);
    expect(shared.releases).toEqual([]);
  });

  it('tries the shared limiter again after the probe interval and reports recovery once', async () => {
    const { shared, limiter, events } = setup();
    shared.mode = 'down';
    await limiter.admit(request);
    await limiter.admit({ ...request, nowMs: start + 999 });
    expect(shared.admits).toBe(1);
    await limiter.admit({ ...request, nowMs: start + 1_000 });
    expect(shared.admits).toBe(2);

    shared.mode = 'up';
    const decision = await limiter.admit({ ...request, nowMs: start + 2_000 });
    expect(decision.degraded).toBeUndefined();
    await limiter.admit({ ...request, nowMs: start + 2_001 });
    expect(shared.admits).toBe(4);
    expect(events).toEqual(['degraded: connect ECONNREFUSED 127.0.0.1:6379', 'recovered']);
    expect(limiter.degraded).toBe(false);
  });

  it('refuses everything while degraded when failing closed', async () => {
    const { shared, limiter } = setup({ failOpen: false });
    shared.mode = 'down';
    const decision = await limiter.admit(request);
    expect(decision).toMatchObject({ allowed: false, degraded: true, retryAfterSeconds: 1 });
    expect(decision.limitedBy).toBeUndefined();
    expect(decision.admissionId).toBeUndefined();
  });

  it('treats a shared limiter that does not answer in time as down', async () => {
    const { shared, limiter, events } = setup({ timeoutMs: 30 });
    shared.mode = 'hang';
    const started = performance.now();
    expect(await limiter.admit(request)).toMatchObject({ allowed: true, degraded: true });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(events).toEqual(['degraded: shared rate limiter did not answer within 30 ms']);
  });

  it('swallows a failed release, marking the limiter degraded', async () => {
    const { shared, limiter, events } = setup();
    const decision = await limiter.admit(request);
    shared.mode = 'down';
    await expect(limiter.release(decision.admissionId!, 0, start)).resolves.toBeUndefined();
    expect(events).toHaveLength(1);
    expect(limiter.degraded).toBe(true);
  });

  it('passes bad input on instead of calling it an outage', async () => {
    const { limiter, events } = setup();
    await expect(limiter.admit({ ...request, rpmLimit: -1 })).rejects.toThrow(RangeError);
    expect(events).toEqual([]);
    await expect(limiter.release('made-up', 0)).resolves.toBeUndefined();
  });
});
