import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './retry-after-seconds';

const now = Date.parse('2026-11-03T10:00:00.000Z');

describe('retryAfterSeconds', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('0', now)).toBe(0);
    expect(retryAfterSeconds(' 7 ', now)).toBe(7);
  });

  it('reads an HTTP date as the seconds from now, rounded up', () => {
    expect(retryAfterSeconds('Tue, 03 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Tue, 03 Nov 2026 10:00:30 GMT', now + 500)).toBe(30);
    expect(retryAfterSeconds('Tue, 03 Nov 2026 10:01:00 GMT', now + 1)).toBe(60);
    // The obsolete RFC 850 format, which HTTP still allows.
    expect(retryAfterSeconds('Tuesday, 03-Nov-26 10:00:10 GMT', now)).toBe(10);
  });

  it('gives 0 for an HTTP date in the past', () => {
    expect(retryAfterSeconds('Tue, 03 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
  });

  it('defaults now to the current time', () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const seconds = retryAfterSeconds(inTwoMinutes);
    expect(seconds).toBeGreaterThanOrEqual(118);
    expect(seconds).toBeLessThanOrEqual(120);
  });

  it.each(['soon', 'later 2', 'abc 1', '-5', '1.5.3', 'Tuesday'])('ignores garbage %j', (value) => {
    expect(retryAfterSeconds(value, now)).toBeUndefined();
  });

  it('gives undefined when the header is missing or empty', () => {
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds('', now)).toBeUndefined();
    expect(retryAfterSeconds([], now)).toBeUndefined();
  });

  it('reads the first value of a repeated header', () => {
    expect(retryAfterSeconds(['15', '99'], now)).toBe(15);
    expect(retryAfterSeconds(['Tue, 03 Nov 2026 10:00:05 GMT', '99'], now)).toBe(5);
    expect(retryAfterSeconds(['nonsense', '99'], now)).toBeUndefined();
  });
});
