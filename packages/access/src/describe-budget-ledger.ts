import { randomBase62 } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetLedger, BudgetReservationRequest } from './budget-ledger';

export interface BudgetLedgerFixture {
  /** A ledger whose reservations last `reservationLifetimeMs`. */
  create(options?: { reservationLifetimeMs?: number }): BudgetLedger;
  dispose(): Promise<void>;
}

const at = (iso: string) => Date.parse(iso);
const start = at('2030-03-13T12:00:00Z');

/** The budget ledger contract, written once and run against the memory and Redis ledgers. */
export function describeBudgetLedger(name: string, open: () => Promise<BudgetLedgerFixture>): void {
  describe(`budget ledger: ${name}`, () => {
    let fixture: BudgetLedgerFixture;

    beforeAll(async () => {
      fixture = await open();
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    /** A reservation for a fresh key, so tests never share state. */
    function request(overrides: Partial<BudgetReservationRequest> = {}): BudgetReservationRequest {
      return {
        keyId: `key_${randomBase62(20)}`,
        limitMicros: 1_000_000,
        period: 'day',
        amountMicros: 100_000,
        nowMs: start,
        ...overrides,
      };
    }

    it('admits exactly as many concurrent reservations as the limit holds', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 1_000_000, amountMicros: 100_000 });
      const results = await Promise.all(Array.from({ length: 50 }, () => ledger.reserve(base)));
      const allowed = results.filter((result) => result.allowed);
      expect(allowed).toHaveLength(10);
      expect(new Set(allowed.map((result) => result.reservationId)).size).toBe(10);
      for (const refused of results.filter((result) => !result.allowed)) {
        expect(refused).toMatchObject({ spentMicros: 0, reservedMicros: 1_000_000, remainingMicros: 0 });
        expect(refused.reservationId).toBeUndefined();
      }
      expect(await ledger.usage(base.keyId, base.limitMicros, 'day', start)).toEqual({
        spentMicros: 0,
        reservedMicros: 1_000_000,
        remainingMicros: 0,
        windowStartMs: at('2030-03-13T00:00:00Z'),
        windowEndMs: at('2030-03-14T00:00:00Z'),
        overageMicros: 0,
        closed: false,
      });
    });

    it('never lets 200 concurrent requests across several keys of one team pass the team budget', async () => {
      const ledger = fixture.create();
      const teamId = `team_${randomBase62(20)}`;
      const team = { teamId, limitMicros: 2_000_000, period: 'month' as const };
      const keys = Array.from({ length: 5 }, () => `key_${randomBase62(20)}`);
      // Each key alone could afford 60 (6 USD); the team affords 20 (2 USD) in all.
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          ledger.reserve(request({ keyId: keys[index % keys.length]!, limitMicros: 6_000_000, amountMicros: 100_000, team })),
        ),
      );
      const allowed = results.filter((result) => result.allowed);
      expect(allowed).toHaveLength(20);
      for (const refused of results.filter((result) => !result.allowed)) expect(refused.refusedBy).toBe('team');
      // Settling at a higher cost than reserved counts against both; nothing more is admitted.
      await Promise.all(allowed.map((result) => ledger.settle(result.reservationId!, 100_000, start, 6_000_000, 2_000_000)));
      const teamUsage = await ledger.usage(teamId, 2_000_000, 'month', start);
      expect(teamUsage).toMatchObject({ spentMicros: 2_000_000, reservedMicros: 0, remainingMicros: 0 });
      const keySpend = await Promise.all(keys.map((key) => ledger.usage(key, 6_000_000, 'day', start)));
      expect(keySpend.reduce((sum, usage) => sum + usage.spentMicros, 0)).toBe(2_000_000);
      const after = await ledger.reserve(request({ keyId: keys[0]!, limitMicros: 6_000_000, amountMicros: 1, team }));
      expect(after).toMatchObject({ allowed: false, refusedBy: 'team', team: { remainingMicros: 0 } });
    });

    it('refuses by the key when the key has less room than its team, holding nothing in either', async () => {
      const ledger = fixture.create();
      const teamId = `team_${randomBase62(20)}`;
      const team = { teamId, limitMicros: 10_000_000, period: 'day' as const };
      const refused = await ledger.reserve(request({ limitMicros: 50_000, amountMicros: 100_000, team }));
      expect(refused).toMatchObject({ allowed: false, refusedBy: 'key' });
      expect(await ledger.usage(teamId, 10_000_000, 'day', start)).toMatchObject({ spentMicros: 0, reservedMicros: 0 });
      // The output part is sized to the smaller room of the two.
      const sized = await ledger.reserve(
        request({
          limitMicros: 10_000_000,
          amountMicros: 0,
          team: { ...team, limitMicros: 1_000 },
          output: { microsPerMillionTokens: 1_000_000, maxTokens: 5_000, minTokens: 1 },
        }),
      );
      expect(sized).toMatchObject({ allowed: true, outputTokens: 1_000, reservedAmountMicros: 1_000 });
    });

    it('sizes the output part to what the window has left, and refuses below the minimum', async () => {
      const ledger = fixture.create();
      // $0.28 per 1M output tokens is 280,000 micro-dollars per 1M, 0.28 per token.
      const output = { microsPerMillionTokens: 280_000, maxTokens: 384_000, minTokens: 1 };
      const base = request({ limitMicros: 50_000, amountMicros: 1_000, output });
      const first = await ledger.reserve(base);
      // 49,000 micro-dollars left after the input part: 175,000 tokens at 0.28.
      expect(first).toMatchObject({ allowed: true, outputTokens: 175_000, reservedAmountMicros: 50_000 });
      expect(await ledger.reserve(base)).toMatchObject({ allowed: false, outputTokens: 0, remainingMicros: 0 });
      await ledger.settle(first.reservationId!, 10_000, start, 50_000);
      // 40,000 left: the whole default fits when asked for less.
      expect(await ledger.reserve({ ...base, output: { ...output, maxTokens: 8_192 } })).toMatchObject({
        allowed: true,
        outputTokens: 8_192,
        reservedAmountMicros: 1_000 + Math.ceil(8_192 * 0.28),
      });
      // A thinking request needs more room than is left: refused, nothing held.
      const tight = request({ limitMicros: 1_200, amountMicros: 1_000, output: { ...output, minTokens: 1_025 } });
      expect(await ledger.reserve(tight)).toMatchObject({ allowed: false, reservedMicros: 0 });
    });

    it('counts an overage in full, closes the window, and opens it again when the budget is raised', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 1_000_000, amountMicros: 100_000 });
      const reservation = await ledger.reserve(base);
      expect(await ledger.settle(reservation.reservationId!, 130_000, start, 1_000_000)).toEqual({
        counted: true,
        overageMicros: 30_000,
      });
      expect(await ledger.settle(reservation.reservationId!, 130_000, start, 1_000_000)).toEqual({
        counted: false,
        overageMicros: 0,
      });
      expect(await ledger.usage(base.keyId, base.limitMicros, 'day', start)).toMatchObject({
        spentMicros: 130_000,
        overageMicros: 30_000,
        closed: true,
        remainingMicros: 0,
      });
      // 870,000 are left on paper, but the window is closed at this budget.
      expect(await ledger.reserve(base)).toMatchObject({ allowed: false, closed: true });
      expect(await ledger.reserve({ ...base, limitMicros: 2_000_000 })).toMatchObject({ allowed: true, closed: false });
      expect((await ledger.usage(base.keyId, 1_000_000, 'day', start)).closed).toBe(false);
      // And the next window starts open.
      const other = request({ limitMicros: 1_000_000, amountMicros: 100_000 });
      const spent = await ledger.reserve(other);
      await ledger.settle(spent.reservationId!, 200_000, start, 1_000_000);
      expect((await ledger.reserve({ ...other, nowMs: start + 86_400_000 })).allowed).toBe(true);
    });

    it('takes a seed of earlier spend only for a window it has never seen, and budgets with it', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 1_000_000, amountMicros: 300_000 });
      expect(await ledger.seed(base.keyId, 'day', 800_000, start)).toBe(true);
      // A second seed (another instance, a later start) changes nothing.
      expect(await ledger.seed(base.keyId, 'day', 10, start + 1_000)).toBe(false);
      expect((await ledger.reserve(base)).allowed).toBe(false);
      const small = await ledger.reserve({ ...base, amountMicros: 200_000 });
      expect(small).toMatchObject({ allowed: true, spentMicros: 800_000, reservedMicros: 200_000 });
      // A window with activity already keeps its own figures.
      const busy = request();
      await ledger.reserve(busy);
      expect(await ledger.seed(busy.keyId, 'day', 999_999, start)).toBe(false);
      expect((await ledger.usage(busy.keyId, busy.limitMicros, 'day', start)).spentMicros).toBe(0);
      // The next day is a new window: seeded anew.
      expect(await ledger.seed(base.keyId, 'day', 5, start + 86_400_000)).toBe(true);
    });

    it('replaces a reservation with the actual cost on settle, freeing the difference', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 1_000_000, amountMicros: 600_000 });
      const first = await ledger.reserve(base);
      expect(first).toMatchObject({ allowed: true, spentMicros: 0, reservedMicros: 600_000, remainingMicros: 400_000 });
      expect((await ledger.reserve(base)).allowed).toBe(false);

      await ledger.settle(first.reservationId!, 150_000, start);
      expect(await ledger.usage(base.keyId, base.limitMicros, 'day', start)).toMatchObject({
        spentMicros: 150_000,
        reservedMicros: 0,
        remainingMicros: 850_000,
      });
      expect((await ledger.reserve({ ...base, amountMicros: 850_001 })).allowed).toBe(false);
      expect(await ledger.reserve({ ...base, amountMicros: 850_000 })).toMatchObject({ allowed: true, remainingMicros: 0 });
    });

    it('counts a settlement once, however often it is repeated', async () => {
      const ledger = fixture.create();
      const base = request();
      const reservation = await ledger.reserve(base);
      await ledger.settle(reservation.reservationId!, 70_000, start);
      await ledger.settle(reservation.reservationId!, 70_000, start);
      expect(await ledger.usage(base.keyId, base.limitMicros, 'day', start)).toMatchObject({
        spentMicros: 70_000,
        reservedMicros: 0,
      });
    });

    it('records a cost above the reservation, and then refuses until the window turns', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 1_000_000, amountMicros: 500_000 });
      const reservation = await ledger.reserve(base);
      await ledger.settle(reservation.reservationId!, 1_200_000, start);
      expect(await ledger.usage(base.keyId, base.limitMicros, 'day', start)).toMatchObject({
        spentMicros: 1_200_000,
        remainingMicros: 0,
      });
      expect((await ledger.reserve({ ...base, amountMicros: 1 })).allowed).toBe(false);
      // Overspent: spent + reserved + amount <= limit fails even for a free request.
      expect((await ledger.reserve({ ...base, amountMicros: 0 })).allowed).toBe(false);
      expect((await ledger.reserve({ ...base, nowMs: start + 86_400_000 })).allowed).toBe(true);
    });

    it('lets free requests through a budget used exactly to its limit, or a budget of zero', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 100_000, amountMicros: 100_000 });
      await ledger.settle((await ledger.reserve(base)).reservationId!, 100_000, start);
      expect((await ledger.reserve({ ...base, amountMicros: 1 })).allowed).toBe(false);
      expect((await ledger.reserve({ ...base, amountMicros: 0 })).allowed).toBe(true);
      const zero = request({ limitMicros: 0, amountMicros: 0 });
      expect((await ledger.reserve(zero)).allowed).toBe(true);
      expect((await ledger.reserve({ ...zero, amountMicros: 1 })).allowed).toBe(false);
    });

    it('frees a reservation that was never settled once it expires, and still counts a late settlement', async () => {
      const ledger = fixture.create({ reservationLifetimeMs: 10_000 });
      const base = request({ limitMicros: 100_000, amountMicros: 100_000 });
      const abandoned = await ledger.reserve(base);
      expect((await ledger.reserve({ ...base, nowMs: start + 9_999 })).allowed).toBe(false);
      const later = await ledger.reserve({ ...base, nowMs: start + 10_000, amountMicros: 60_000 });
      expect(later).toMatchObject({ allowed: true, reservedMicros: 60_000 });

      await ledger.settle(abandoned.reservationId!, 30_000, start + 20_000);
      expect(await ledger.usage(base.keyId, base.limitMicros, 'day', start + 20_000)).toMatchObject({
        spentMicros: 30_000,
        reservedMicros: 0,
        remainingMicros: 70_000,
      });
    });

    it('starts a fresh window at each UTC day, Monday and month, and never for total', async () => {
      const ledger = fixture.create();
      const cases = [
        { period: 'day', last: '2030-03-13T23:59:59.999Z', first: '2030-03-14T00:00:00.000Z' },
        { period: 'week', last: '2030-03-17T23:59:59.999Z', first: '2030-03-18T00:00:00.000Z' },
        { period: 'month', last: '2030-03-31T23:59:59.999Z', first: '2030-04-01T00:00:00.000Z' },
      ] as const;
      for (const { period, last, first } of cases) {
        const base = request({ period, limitMicros: 100_000, amountMicros: 100_000 });
        const spent = await ledger.reserve({ ...base, nowMs: at(last) - 1_000 });
        await ledger.settle(spent.reservationId!, 100_000, at(last) - 1_000);
        expect((await ledger.reserve({ ...base, nowMs: at(last) })).allowed, period).toBe(false);
        expect(await ledger.reserve({ ...base, nowMs: at(first) }), period).toMatchObject({ allowed: true, spentMicros: 0 });
        expect((await ledger.usage(base.keyId, base.limitMicros, period, at(last))).spentMicros, period).toBe(100_000);
      }

      const total = request({ period: 'total', limitMicros: 100_000, amountMicros: 100_000 });
      const spent = await ledger.reserve({ ...total, nowMs: at('2030-01-01T00:00:00Z') });
      await ledger.settle(spent.reservationId!, 100_000, at('2030-01-01T00:00:00Z'));
      expect(await ledger.reserve({ ...total, nowMs: at('2035-06-01T00:00:00Z') })).toMatchObject({
        allowed: false,
        spentMicros: 100_000,
      });
      expect(await ledger.usage(total.keyId, total.limitMicros, 'total', start)).toMatchObject({
        windowStartMs: 0,
        windowEndMs: null,
      });
    });

    it('settles into the window the reservation was made in', async () => {
      const ledger = fixture.create();
      const base = request({ limitMicros: 1_000_000, amountMicros: 500_000 });
      const beforeMidnight = at('2030-03-13T23:59:59Z');
      const afterMidnight = at('2030-03-14T00:00:01Z');
      const reservation = await ledger.reserve({ ...base, nowMs: beforeMidnight });
      await ledger.settle(reservation.reservationId!, 400_000, afterMidnight);
      expect((await ledger.usage(base.keyId, base.limitMicros, 'day', beforeMidnight)).spentMicros).toBe(400_000);
      expect((await ledger.usage(base.keyId, base.limitMicros, 'day', afterMidnight)).spentMicros).toBe(0);
    });

    it('keeps budgets of different keys apart', async () => {
      const ledger = fixture.create();
      const first = request({ limitMicros: 100_000, amountMicros: 100_000 });
      expect((await ledger.reserve(first)).allowed).toBe(true);
      expect((await ledger.reserve(first)).allowed).toBe(false);
      expect((await ledger.reserve({ ...first, keyId: `key_${randomBase62(20)}` })).allowed).toBe(true);
    });

    it('refuses nonsense numbers instead of guessing, and ignores ids it never issued', async () => {
      const ledger = fixture.create();
      await expect(ledger.reserve(request({ amountMicros: -1 }))).rejects.toThrow(RangeError);
      await expect(ledger.reserve(request({ amountMicros: 1.5 }))).rejects.toThrow(RangeError);
      await expect(ledger.reserve(request({ limitMicros: Number.NaN }))).rejects.toThrow(RangeError);
      await expect(ledger.reserve(request({ nowMs: Number.NaN }))).rejects.toThrow(RangeError);
      const reservation = await ledger.reserve(request());
      await expect(ledger.settle(reservation.reservationId!, -5, start)).rejects.toThrow(RangeError);
      await expect(ledger.settle('made-up', 5, start)).resolves.toEqual({ counted: false, overageMicros: 0 });
    });
  });
}
