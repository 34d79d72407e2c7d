import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitBreakerConfig, DEFAULT_CIRCUIT_BREAKER_CONFIG } from './circuit-breaker';

function breaker(overrides: Partial<CircuitBreakerConfig> = {}): CircuitBreaker {
  return new CircuitBreaker({ ...DEFAULT_CIRCUIT_BREAKER_CONFIG, ...overrides });
}

function fail(target: CircuitBreaker, times: number, nowMs: number): void {
  for (let index = 0; index < times; index++) target.record('error', nowMs);
}

describe('CircuitBreaker', () => {
  it('starts closed and available', () => {
    const target = breaker();
    expect(target.state(0)).toBe('closed');
    expect(target.availability(0)).toBe('available');
  });

  it('opens after the configured number of consecutive failures, not before', () => {
    const target = breaker({ consecutiveFailures: 3 });
    fail(target, 2, 1_000);
    expect(target.state(1_000)).toBe('closed');
    target.record('timeout', 1_000);
    expect(target.state(1_000)).toBe('open');
    expect(target.availability(1_000)).toBe('open');
  });

  it('restarts the consecutive count after a success', () => {
    const target = breaker({ consecutiveFailures: 3, minimumRequests: 1_000 });
    fail(target, 2, 0);
    target.record('success', 0);
    fail(target, 2, 0);
    expect(target.state(0)).toBe('closed');
  });

  it('opens on the error rate in the window once enough requests were seen', () => {
    const target = breaker({ consecutiveFailures: 100, errorRateThreshold: 0.5, minimumRequests: 10, windowMs: 10_000 });
    // Alternating: 50% errors, never two in a row.
    for (let index = 0; index < 8; index++) target.record(index % 2 === 0 ? 'success' : 'error', index * 100);
    expect(target.state(800)).toBe('closed'); // 4 of 8: below the minimum request count
    target.record('success', 900);
    target.record('error', 1_000);
    expect(target.state(1_000)).toBe('open'); // 5 of 10
  });

  it('forgets failures that left the window', () => {
    const target = breaker({ consecutiveFailures: 100, errorRateThreshold: 0.5, minimumRequests: 4, windowMs: 10_000 });
    target.record('error', 0);
    target.record('error', 0);
    target.record('success', 1);
    target.record('success', 30_000);
    target.record('error', 30_000);
    target.record('success', 30_000);
    target.record('success', 30_000);
    expect(target.describe(30_000)).toMatchObject({ windowRequests: 4, windowFailures: 1, state: 'closed' });
  });

  it('stays open for the cooldown, then lets exactly one probe through', () => {
    const target = breaker({ consecutiveFailures: 1, cooldownMs: 5_000 });
    fail(target, 1, 0);
    expect(target.claimProbe(4_999)).toBe(false);
    expect(target.availability(5_000)).toBe('probe-available');
    expect(target.state(5_000)).toBe('half-open');
    expect(target.claimProbe(5_000)).toBe(true);
    expect(target.availability(5_001)).toBe('probe-in-flight');
    expect(target.claimProbe(5_001)).toBe(false);
  });

  it('closes when the probe succeeds, with a clean slate', () => {
    const target = breaker({ consecutiveFailures: 2, cooldownMs: 5_000 });
    fail(target, 2, 0);
    target.claimProbe(5_000);
    target.record('success', 5_100);
    expect(target.state(5_100)).toBe('closed');
    fail(target, 1, 5_200);
    expect(target.state(5_200)).toBe('closed');
  });

  it('does not re-open on the error rate that opened it once the probe closed it', () => {
    const target = breaker({ consecutiveFailures: 100, errorRateThreshold: 0.5, minimumRequests: 4, cooldownMs: 1_000 });
    fail(target, 4, 0);
    expect(target.state(0)).toBe('open');
    target.claimProbe(1_000);
    target.record('success', 1_000);
    fail(target, 1, 1_100);
    expect(target.describe(1_100)).toMatchObject({ state: 'closed', windowRequests: 1, windowFailures: 1 });
  });

  it('re-opens for a doubled cooldown when the probe fails, capped at the maximum', () => {
    const target = breaker({ consecutiveFailures: 1, cooldownMs: 1_000, maxCooldownMs: 3_000 });
    fail(target, 1, 0);
    target.claimProbe(1_000);
    fail(target, 1, 1_000);
    expect(target.availability(2_999)).toBe('open');
    expect(target.availability(3_000)).toBe('probe-available');
    target.claimProbe(3_000);
    fail(target, 1, 3_000);
    expect(target.availability(5_999)).toBe('open'); // 4 s would be next, capped at 3 s
    expect(target.availability(6_000)).toBe('probe-available');
  });

  it('ignores late answers during the cooldown', () => {
    const target = breaker({ consecutiveFailures: 1, cooldownMs: 5_000 });
    fail(target, 1, 0);
    target.record('success', 100);
    expect(target.state(100)).toBe('open');
  });

  it('frees a probe slot whose lease expired without a report', () => {
    const target = breaker({ consecutiveFailures: 1, cooldownMs: 1_000, probeLeaseMs: 10_000 });
    fail(target, 1, 0);
    expect(target.claimProbe(1_000)).toBe(true);
    expect(target.claimProbe(10_999)).toBe(false);
    expect(target.claimProbe(11_000)).toBe(true);
  });

  it('honours Retry-After without counting a 429 as a failure', () => {
    const target = breaker({ consecutiveFailures: 1 });
    target.record('rate_limited', 1_000, 2_000);
    expect(target.state(1_000)).toBe('closed');
    expect(target.availability(2_999)).toBe('rate-limited');
    expect(target.unavailableUntil(1_500)).toBe(3_000);
    expect(target.availability(3_000)).toBe('available');
  });

  it('keeps the longest wait when 429s overlap', () => {
    const target = breaker();
    target.record('rate_limited', 0, 10_000);
    target.record('rate_limited', 1_000, 1_000);
    expect(target.availability(9_999)).toBe('rate-limited');
  });

  it('applies the configured back-off to a 429 without Retry-After', () => {
    const plain = breaker();
    plain.record('rate_limited', 0);
    expect(plain.availability(0)).toBe('available');
    const backingOff = breaker({ rateLimitBackoffMs: 500 });
    backingOff.record('rate_limited', 0);
    expect(backingOff.availability(499)).toBe('rate-limited');
    expect(backingOff.availability(500)).toBe('available');
  });

  it('releases the probe when it was answered with a 429', () => {
    const target = breaker({ consecutiveFailures: 1, cooldownMs: 1_000 });
    fail(target, 1, 0);
    target.claimProbe(1_000);
    target.record('rate_limited', 1_100, 400);
    expect(target.availability(1_200)).toBe('rate-limited');
    expect(target.availability(1_500)).toBe('probe-available');
  });
});

describe('CircuitBreaker.openFromPeer', () => {
  it('opens a closed circuit, keeps the later end of an open one, and caps the cooldown', () => {
    const target = new CircuitBreaker({ ...DEFAULT_CIRCUIT_BREAKER_CONFIG, cooldownMs: 1_000, maxCooldownMs: 5_000 });
    expect(target.record('error', 0)).toBe(0);
    target.openFromPeer(0, 2_000);
    expect(target.state(1_999)).toBe('open');
    target.openFromPeer(100, 500);
    expect(target.state(1_999)).toBe('open');
    target.openFromPeer(0, 1_000_000);
    expect(target.state(4_999)).toBe('open');
    expect(target.state(5_000)).toBe('half-open');
  });
});
