import { randomBase62 } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitDecision, RateLimiter, RateLimitRequest } from './rate-limiter';

export interface RateLimiterFixture {
  /** A limiter whose concurrency leases last `leaseMs`. */
  create(options?: { leaseMs?: number }): RateLimiter;
  dispose(): Promise<void>;
}

const start = Date.parse('2030-01-01T00:00:00Z');

/** The rate limiter contract, written once and run against the memory and Redis limiters. */
export function describeRateLimiter(name: string, open: () => Promise<RateLimiterFixture>): void {
  describe(`rate limiter: ${name}`, () => {
    let fixture: RateLimiterFixture;

    beforeAll(async () => {
      fixture = await open();
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    /** A request for a fresh key, so tests never share state. */
    function request(overrides: Partial<RateLimitRequest> = {}): RateLimitRequest {
      return {
        keyId: `key_${randomBase62(20)}`,
        rpmLimit: null,
        tpmLimit: null,
        concurrencyLimit: null,
        estimatedTokens: 0,
        nowMs: start,
        ...overrides,
      };
    }

    async function admitConcurrently(limiter: RateLimiter, base: RateLimitRequest, count: number): Promise<RateLimitDecision[]> {
      return Promise.all(Array.from({ length: count }, () => limiter.admit(base)));
    }

    it("holds a team's limits across its keys in the same atomic step, charging a refused key nothing", async () => {
      const limiter = fixture.create();
      const team = { teamId: `team_${randomBase62(20)}`, rpmLimit: 3, tpmLimit: null, concurrencyLimit: 2 };
      const keys = [request({ rpmLimit: 2 }), request({ rpmLimit: 2 })].map((base) => ({ ...base, team }));
      const decisions = await Promise.all(Array.from({ length: 10 }, (_, index) => limiter.admit(keys[index % 2]!)));
      const admitted = decisions.filter((decision) => decision.allowed);
      // Concurrency 2 for the whole team, whatever each key allows.
      expect(admitted).toHaveLength(2);
      expect(decisions.filter((decision) => !decision.allowed).every((decision) => decision.limitedScope === 'team')).toBe(true);
      // A release frees the team's slot and the key's together.
      await limiter.release(admitted[0]!.admissionId!, 0, start);
      const third = await limiter.admit(keys[0]!);
      expect(third.allowed).toBe(true);
      await limiter.release(third.admissionId!, 0, start);
      await limiter.release(admitted[1]!.admissionId!, 0, start);
      // Team RPM 3 is now spent (three admitted); the refusals charged neither RPM.
      const fourth = await limiter.admit(keys[1]!);
      expect(fourth).toMatchObject({ allowed: false, limitedScope: 'team', limitedBy: 'requests' });
      // The key's own RPM of 2 still has room for a request outside the team.
      expect((await limiter.admit({ ...keys[1]!, team: undefined })).allowed).toBe(true);
    });

    it('admits exactly the requests-per-minute limit out of 50 at once', async () => {
      const limiter = fixture.create();
      const decisions = await admitConcurrently(limiter, request({ rpmLimit: 10 }), 50);
      const admitted = decisions.filter((decision) => decision.allowed);
      expect(admitted).toHaveLength(10);
      const remaining = admitted.map((decision) => decision.headers.remainingRequests).sort((a, b) => a! - b!);
      expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const refused of decisions.filter((decision) => !decision.allowed)) {
        expect(refused).toMatchObject({ limitedBy: 'requests', retryAfterSeconds: 6 });
        expect(refused.headers).toMatchObject({ limitRequests: 10, remainingRequests: 0, resetRequests: 60_000 });
        expect(refused.admissionId).toBeUndefined();
      }
    });

    it('admits exactly what fits the tokens-per-minute limit out of 50 at once', async () => {
      const limiter = fixture.create();
      const decisions = await admitConcurrently(limiter, request({ tpmLimit: 1_000, estimatedTokens: 100 }), 50);
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
      const refused = decisions.find((decision) => !decision.allowed);
      // The window's tokens all leave together, 60.1 s after they were charged.
      expect(refused).toMatchObject({ limitedBy: 'tokens', retryAfterSeconds: 61 });
      expect(refused?.headers).toMatchObject({
        limitTokens: 1_000,
        remainingTokens: 0,
        resetTokens: 60_100,
        limitRequests: null,
      });
    });

    it('admits exactly the concurrency limit out of 50 at once, and a release frees a slot', async () => {
      const limiter = fixture.create();
      const base = request({ concurrencyLimit: 10 });
      const decisions = await admitConcurrently(limiter, base, 50);
      const admitted = decisions.filter((decision) => decision.allowed);
      expect(admitted).toHaveLength(10);
      expect(decisions.find((decision) => !decision.allowed)).toMatchObject({ limitedBy: 'concurrency', retryAfterSeconds: 1 });
      expect((await limiter.admit(base)).allowed).toBe(false);

      await limiter.release(admitted[0]!.admissionId!, 0, start);
      expect((await limiter.admit(base)).allowed).toBe(true);
      expect((await limiter.admit(base)).allowed).toBe(false);
    });

    it('enforces all three at once, charging nothing when any refuses', async () => {
      const limiter = fixture.create();
      const base = request({ rpmLimit: 3, tpmLimit: 100, concurrencyLimit: 5, estimatedTokens: 60 });
      expect((await limiter.admit(base)).headers).toMatchObject({ remainingRequests: 2, remainingTokens: 40 });
      // Refused on tokens: the request it would have cost is not taken.
      expect(await limiter.admit(base)).toMatchObject({ allowed: false, limitedBy: 'tokens' });
      const next = await limiter.admit({ ...base, estimatedTokens: 40 });
      expect(next).toMatchObject({ allowed: true, headers: { remainingRequests: 1, remainingTokens: 0 } });
    });

    it('reports OpenAI header values: remaining, and time until full', async () => {
      const limiter = fixture.create();
      const base = request({ rpmLimit: 60, tpmLimit: 6_000, estimatedTokens: 100 });
      expect((await limiter.admit(base)).headers).toEqual({
        limitRequests: 60,
        remainingRequests: 59,
        resetRequests: 1_000,
        limitTokens: 6_000,
        remainingTokens: 5_900,
        resetTokens: 60_100,
      });
      // Half a second later half a request has come back: 1.5 s until full, 58 whole requests left;
      // tokens come back only when they leave the minute.
      expect((await limiter.admit({ ...base, nowMs: start + 500, estimatedTokens: 50 })).headers).toEqual({
        limitRequests: 60,
        remainingRequests: 58,
        resetRequests: 1_500,
        limitTokens: 6_000,
        remainingTokens: 5_850,
        resetTokens: 60_100,
      });
    });

    it('says when to retry, and admits again exactly then', async () => {
      const limiter = fixture.create();
      const base = request({ rpmLimit: 2 });
      await limiter.admit(base);
      await limiter.admit(base);
      expect(await limiter.admit(base)).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
      expect(await limiter.admit({ ...base, nowMs: start + 29_999 })).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
      expect(await limiter.admit({ ...base, nowMs: start + 30_000 })).toMatchObject({
        allowed: true,
        headers: { remainingRequests: 0 },
      });
    });

    it('replaces the token estimate with actual usage on release, once', async () => {
      const limiter = fixture.create();
      const base = request({ tpmLimit: 1_000, estimatedTokens: 800 });
      const first = await limiter.admit(base);
      expect(first.allowed).toBe(true);
      expect((await limiter.admit(base)).allowed).toBe(false);
      await limiter.release(first.admissionId!, 100, start);
      const second = await limiter.admit(base);
      expect(second).toMatchObject({ allowed: true, headers: { remainingTokens: 100 } });
      // Releasing the first again must not refund it twice.
      await limiter.release(first.admissionId!, 0, start);
      expect((await limiter.admit({ ...base, estimatedTokens: 101 })).allowed).toBe(false);
    });

    it('counts usage above the estimate for the rest of the window, never longer', async () => {
      const limiter = fixture.create();
      const base = request({ tpmLimit: 1_000, estimatedTokens: 100 });
      const admitted = await limiter.admit(base);
      await limiter.release(admitted.admissionId!, 1_500, start);
      // 1,500 tokens used of 1,000 a minute: nothing fits until they leave the window (60.1 s at most).
      expect(await limiter.admit({ ...base, estimatedTokens: 1 })).toMatchObject({ allowed: false, retryAfterSeconds: 61 });
      expect((await limiter.admit({ ...base, estimatedTokens: 1, nowMs: start + 59_999 })).allowed).toBe(false);
      expect((await limiter.admit({ ...base, estimatedTokens: 1_000, nowMs: start + 60_100 })).allowed).toBe(true);
    });

    it('admits a request estimated above the whole limit alone, then waits the window out', async () => {
      const limiter = fixture.create();
      const base = request({ tpmLimit: 1_000, estimatedTokens: 5_000 });
      expect(await limiter.admit(base)).toMatchObject({ allowed: true, headers: { remainingTokens: 0 } });
      expect(await limiter.admit({ ...base, estimatedTokens: 1 })).toMatchObject({ allowed: false, retryAfterSeconds: 61 });
      expect((await limiter.admit({ ...base, nowMs: start + 60_100 })).allowed).toBe(true);
    });

    it('never admits more than the limit in any minute: a window of 100 ms buckets, not a refilling bucket', async () => {
      const limiter = fixture.create();
      const base = request({ tpmLimit: 10_000, estimatedTokens: 1_000 });
      // A burst takes the whole minute; the refill a token bucket would give over the minute does not come.
      const burst = await admitConcurrently(limiter, base, 64);
      expect(burst.filter((decision) => decision.allowed)).toHaveLength(10);
      for (const offset of [1_000, 30_000, 59_999]) {
        expect((await limiter.admit({ ...base, nowMs: start + offset })).allowed, String(offset)).toBe(false);
      }
      // A request that used less gives its tokens back at once.
      await limiter.release(burst.find((decision) => decision.allowed)!.admissionId!, 400, start + 40_000);
      expect((await limiter.admit({ ...base, estimatedTokens: 600, nowMs: start + 40_000 })).allowed).toBe(true);
      expect((await limiter.admit({ ...base, estimatedTokens: 1, nowMs: start + 40_000 })).allowed).toBe(false);
      const next = await admitConcurrently(limiter, { ...base, nowMs: start + 60_100 }, 64);
      expect(next.filter((decision) => decision.allowed)).toHaveLength(9);
    });

    it('frees a slot whose release never came once its lease runs out', async () => {
      const limiter = fixture.create({ leaseMs: 5_000 });
      const base = request({ concurrencyLimit: 1 });
      expect((await limiter.admit(base)).allowed).toBe(true);
      expect((await limiter.admit({ ...base, nowMs: start + 4_999 })).allowed).toBe(false);
      expect((await limiter.admit({ ...base, nowMs: start + 5_000 })).allowed).toBe(true);
    });

    it('keeps the used share of the window when the limit changes', async () => {
      const limiter = fixture.create();
      const base = request({ rpmLimit: 10 });
      for (let index = 0; index < 5; index++) await limiter.admit(base);
      // Half the minute is used: of 20 a minute, 10 are left, 9 after this one.
      expect(await limiter.admit({ ...base, rpmLimit: 20 })).toMatchObject({ allowed: true, headers: { remainingRequests: 9 } });
    });

    it('stays exact at the largest limits, where the backlog passes 1e14', async () => {
      const limiter = fixture.create();
      const base = request({ tpmLimit: 2_000_000_000, estimatedTokens: 1_999_999_999 });
      expect(await limiter.admit(base)).toMatchObject({ allowed: true, headers: { remainingTokens: 1 } });
      expect((await limiter.admit({ ...base, estimatedTokens: 2 })).allowed).toBe(false);
      expect(await limiter.admit({ ...base, estimatedTokens: 1 })).toMatchObject({
        allowed: true,
        headers: { remainingTokens: 0 },
      });
    });

    it('admits anything without limits, and such a release is harmless', async () => {
      const limiter = fixture.create();
      const decision = await limiter.admit(request({ estimatedTokens: 1_000_000 }));
      expect(decision.allowed).toBe(true);
      expect(Object.values(decision.headers).every((value) => value === null)).toBe(true);
      await expect(limiter.release(decision.admissionId!, 5)).resolves.toBeUndefined();
      await expect(limiter.release('not an admission', 5)).resolves.toBeUndefined();
    });

    it('refuses nonsense numbers instead of guessing', async () => {
      const limiter = fixture.create();
      await expect(limiter.admit(request({ rpmLimit: 0 }))).rejects.toThrow(RangeError);
      await expect(limiter.admit(request({ tpmLimit: 1.5 }))).rejects.toThrow(RangeError);
      await expect(limiter.admit(request({ tpmLimit: 10, estimatedTokens: Number.NaN }))).rejects.toThrow(RangeError);
      await expect(limiter.admit(request({ rpmLimit: 1, nowMs: Number.POSITIVE_INFINITY }))).rejects.toThrow(RangeError);
    });
  });
}
