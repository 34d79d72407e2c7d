import type { BudgetPeriod } from '@switchboard/db';

export interface BudgetReservationRequest {
  keyId: string;
  /** The key's budget for one period, in micro-dollars. */
  limitMicros: number;
  period: BudgetPeriod;
  /** The request's worst-case cost (prompt estimate and max output at list price), in micro-dollars. */
  amountMicros: number;
  nowMs: number;
}

export interface BudgetUsage {
  /** Settled spend in the current window. */
  spentMicros: number;
  /** Held by requests still running. */
  reservedMicros: number;
  /** What a new reservation may still take: limit - spent - reserved, never below zero. */
  remainingMicros: number;
  windowStartMs: number;
  /** Exclusive; null for a total budget. */
  windowEndMs: number | null;
}

export interface BudgetReservation extends BudgetUsage {
  /** False when the amount does not fit: the gateway answers 402. */
  allowed: boolean;
  /** When allowed: hand to settle() once the actual cost is known (0 for a failed request). */
  reservationId?: string;
}

/**
 * Spend per key per period (UTC day, week from Monday, month, or total). reserve() is atomic,
 * so concurrent requests can never together pass the limit: spent + reserved + amount <= limit.
 */
export interface BudgetLedger {
  reserve(request: BudgetReservationRequest): Promise<BudgetReservation>;
  /**
   * Replaces a reservation with the actual cost, in the window the reservation was made in.
   * Settling twice counts once. A reservation that already expired still counts its cost: money
   * spent is never dropped.
   */
  settle(reservationId: string, actualMicros: number, nowMs?: number): Promise<void>;
  usage(keyId: string, limitMicros: number, period: BudgetPeriod, nowMs: number): Promise<BudgetUsage>;
  /**
   * Sets the spend of the window holding `nowMs` to `spentMicros` if this ledger has never seen
   * that window (after a restart, or a Redis without the window's keys), so spend recorded in the
   * database is not forgotten. A window already known keeps its own figures. Returns whether
   * the seed was taken.
   */
  seed(keyId: string, period: BudgetPeriod, spentMicros: number, nowMs: number): Promise<boolean>;
}

export interface BudgetLedgerOptions {
  /**
   * How long a reservation holds its amount if settle() never comes (a crashed instance);
   * default 15 minutes. Set it above the gateway's total request timeout.
   */
  reservationLifetimeMs?: number;
}

export const defaultReservationLifetimeMs = 15 * 60_000;
