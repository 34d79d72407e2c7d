import { describe, expect, it } from 'vitest';
import { clientKey, FailedAttemptLimiter } from './failed-attempt-limiter';

describe('FailedAttemptLimiter', () => {
  it('blocks a client after the maximum failures, until the window ends', () => {
    const limiter = new FailedAttemptLimiter({ maximumFailures: 3, windowMs: 1_000 });
    for (let attempt = 0; attempt < 2; attempt++) limiter.recordFailure('203.0.113.7', 0);
    expect(limiter.isBlocked('203.0.113.7', 10)).toBe(false);
    limiter.recordFailure('203.0.113.7', 20);
    expect(limiter.isBlocked('203.0.113.7', 30)).toBe(true);
    expect(limiter.isBlocked('203.0.113.8', 30)).toBe(false);
    expect(limiter.isBlocked('203.0.113.7', 999)).toBe(true);
    expect(limiter.isBlocked('203.0.113.7', 1_000)).toBe(false);
    limiter.recordFailure('203.0.113.7', 1_000);
    expect(limiter.isBlocked('203.0.113.7', 1_001)).toBe(false);
  });

  it('counts a mapped IPv4 client as the IPv4 address and an IPv6 client by its /64', () => {
    const limiter = new FailedAttemptLimiter({ maximumFailures: 2 });
    limiter.recordFailure('::ffff:192.0.2.1', 0);
    limiter.recordFailure('192.0.2.1', 0);
    expect(limiter.isBlocked('192.0.2.1', 0)).toBe(true);
    limiter.recordFailure('2001:db8:1:2::1', 0);
    limiter.recordFailure('2001:db8:1:2:ffff::9', 0);
    expect(limiter.isBlocked('2001:db8:1:2::77', 0)).toBe(true);
    expect(limiter.isBlocked('2001:db8:1:3::1', 0)).toBe(false);
  });

  it('keys clients canonically', () => {
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('2001:DB8:0:0:1:2:3:4')).toBe('2001:db8::/64');
    expect(clientKey('unix-socket')).toBe('unix-socket');
  });

  it('forgets the least recently failing clients beyond its capacity', () => {
    const limiter = new FailedAttemptLimiter({ maximumFailures: 1, maximumClients: 2 });
    limiter.recordFailure('10.0.0.1', 0);
    limiter.recordFailure('10.0.0.2', 0);
    limiter.recordFailure('10.0.0.3', 0);
    expect(limiter.isBlocked('10.0.0.1', 0)).toBe(false);
    expect(limiter.isBlocked('10.0.0.3', 0)).toBe(true);
  });
});
