import {
  MemoryRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRequest,
  ResilientRateLimiter,
} from '@switchboard/access';
import { describe, expect, it } from 'vitest';

/** Stands in for Redis during a latency spike: every answer is right, but arrives `delayMs` late. */
class SlowLimiter implements RateLimiter {
  readonly inner = new MemoryRateLimiter();
  readonly answered: Promise<RateLimitDecision>[] = [];

  constructor(private readonly delayMs: number) {}

  admit(request: RateLimitRequest): Promise<RateLimitDecision> {
    const answer = new Promise<void>((resolve) => setTimeout(resolve, this.delayMs)).then(() => this.inner.admit(request));
    this.answered.push(answer);
    return answer;
  }

  release(admissionId: string, actualTokens: number, nowMs?: number): Promise<void> {
    return this.inner.release(admissionId, actualTokens, nowMs);
  }
}

const oneAtATime = (nowMs: number): RateLimitRequest => ({
  keyId: 'key_slowShared',
  rpmLimit: null,
  tpmLimit: null,
  concurrencyLimit: 1,
  estimatedTokens: 10,
  nowMs,
});

describe('the shared limiter answering after the fallback took over', () => {
  it('gives back the slot the late answer took, so the key is not locked out once the shared limiter is back', async () => {
    const shared = new SlowLimiter(60);
    const limiter = new ResilientRateLimiter(shared, new MemoryRateLimiter(), { timeoutMs: 10, probeIntervalMs: 0 });

    const duringSpike = await limiter.admit(oneAtATime(Date.now()));
    expect(duringSpike).toMatchObject({ allowed: true, degraded: true });
    await limiter.release(duringSpike.admissionId!, 0);

    // The shared store did admit the timed-out request, in the end; this request never releases there.
    const late = await shared.answered[0]!;
    expect(late.allowed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));

    // The spike is over; the key's one slot in the shared store must be free again.
    const afterSpike = await shared.inner.admit(oneAtATime(Date.now()));
    expect(afterSpike.allowed).toBe(true);
  });
});
