import { type BudgetPeriod, budgetPeriods } from '@switchboard/db';

/** Where a reservation lives, carried in its id so settle() needs no lookup state. */
export interface ReservationAddress {
  keyId: string;
  period: BudgetPeriod;
  windowStartMs: number;
  /** Unique within the window. */
  token: string;
  /** The team reserved against too, with the same token. */
  team?: { teamId: string; period: BudgetPeriod; windowStartMs: number };
}

// Key ids are `key_` and base62, tokens base62: neither holds a dot.
const separator = '.';

export function encodeReservationId(address: ReservationAddress): string {
  const base = `${address.keyId}${separator}${address.period}${separator}${address.windowStartMs}${separator}${address.token}`;
  const team = address.team;
  return team ? `${base}${separator}${team.teamId}${separator}${team.period}${separator}${team.windowStartMs}` : base;
}

function isPeriod(text: string): boolean {
  return (budgetPeriods as readonly string[]).includes(text);
}

/** The reservation an id stands for, or undefined for text no ledger produced. */
export function decodeReservationId(text: string): ReservationAddress | undefined {
  const parts = text.split(separator);
  if (parts.length !== 4 && parts.length !== 7) return undefined;
  const [keyId, period, windowStart, token, teamId, teamPeriod, teamWindowStart] = parts as string[];
  if (keyId === '' || token === '' || !isPeriod(period!)) return undefined;
  const integer = /^(0|[1-9][0-9]{0,15})$/;
  if (!integer.test(windowStart!)) return undefined;
  const address: ReservationAddress = {
    keyId: keyId!,
    period: period as BudgetPeriod,
    windowStartMs: Number(windowStart),
    token: token!,
  };
  if (parts.length === 7) {
    if (teamId === '' || !isPeriod(teamPeriod!) || !integer.test(teamWindowStart!)) return undefined;
    address.team = { teamId: teamId!, period: teamPeriod as BudgetPeriod, windowStartMs: Number(teamWindowStart) };
  }
  return address;
}
