import { describe, expect, it } from 'vitest';
import { decodeReservationId, encodeReservationId } from './reservation-id';

describe('reservation ids', () => {
  it('round-trip where the reservation lives', () => {
    const address = { keyId: 'key_abc', period: 'week' as const, windowStartMs: 1_899_158_400_000, token: 'T0k3n' };
    expect(decodeReservationId(encodeReservationId(address))).toEqual(address);
    const total = { keyId: 'key_abc', period: 'total' as const, windowStartMs: 0, token: 'x' };
    expect(decodeReservationId(encodeReservationId(total))).toEqual(total);
  });

  it('refuses text no ledger made', () => {
    for (const text of [
      '',
      'key_abc',
      'key_abc.day.0',
      'key_abc.year.0.t',
      'key_abc.day.-1.t',
      'key_abc.day.01.t',
      '.day.0.t',
      'key_abc.day.0.',
      'a.b.day.0.t',
    ]) {
      expect(decodeReservationId(text), text).toBeUndefined();
    }
  });
});
