import { type BudgetPeriod, budgetPeriods } from '@switchboard/db';

/** Where a reservation lives, carried in its id so settle() needs no lookup state. */
export interface ReservationAddress {
  keyId: string;
  period: BudgetPeriod;
  windowStartMs: number;
  /** Unique within the window. */
  token: string;
}

// Key ids are `key_` and base62, tokens base62: neither holds a dot.
const separator = '.';

export function encodeReservationId(address: ReservationAddress): string {
  return `${address.keyId}${separator}${address.period}${separator}${address.windowStartMs}${separator}${address.token}`;
}

/** The reservation an id stands for, or undefined for text no ledger produced. */
export function decodeReservationId(text: string): ReservationAddress | undefined {
  const parts = text.split(separator);
  if (parts.length !== 4) return undefined;
  const [keyId, period, windowStart, token] = parts as [string, string, string, string];
  if (keyId === '' || token === '' || !(budgetPeriods as readonly string[]).includes(period)) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(windowStart)) return undefined;
  return { keyId, period: period as BudgetPeriod, windowStartMs: Number(windowStart), token };
}
