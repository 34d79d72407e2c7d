import type { BudgetPeriod } from '@switchboard/db';

export interface BudgetReservationRequest {
  keyId: string;
  /** The key's budget for one period, in micro-dollars. */
  limitMicros: number;
  period: BudgetPeriod;
  /**
   * The request's worst-case cost in micro-dollars: its whole cost, or with `output` only the part
   * that does not depend on the output limit (the input upper bound at the dearest input price).
   */
  amountMicros: number;
  /**
   * The output part, sized by the ledger to what the window has left (the gateway then sends that
   * many as max_tokens): up to `maxTokens`, at least `minTokens` or refused, each token at
   * `microsPerMillionTokens` (the dearest output price; USD per 1M tokens x 1,000,000).
   */
  output?: { microsPerMillionTokens: number; maxTokens: number; minTokens: number };
  /**
   * The key's team, when it has a budget: the same amount is reserved against both in one atomic
   * step (one script in Redis), or against neither. Its window follows its own period (UTC).
   */
  team?: BudgetSubject;
  nowMs: number;
}

/** A second budget a reservation must also fit: a team's, by its id. */
export interface BudgetSubject {
  teamId: string;
  limitMicros: number;
  period: BudgetPeriod;
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
  /** Spend providers reported beyond what their requests had reserved, in this window. */
  overageMicros: number;
  /**
   * An overage closed the window: nothing more is admitted until it resets or the budget is
   * raised above the limit it had when it closed.
   */
  closed: boolean;
}

export interface BudgetReservation extends BudgetUsage {
  /** False when the amount does not fit: the gateway answers 402. */
  allowed: boolean;
  /** When allowed: hand to settle() once the actual cost is known (0 for a failed request). */
  reservationId?: string;
  /** What was reserved (with `output`, the sized amount); 0 when refused. */
  reservedAmountMicros: number;
  /** With `output`: the output tokens reserved for (the max_tokens to send); 0 when refused. */
  outputTokens: number;
  /** When refused: whose budget had no room (the key's figures are the top-level ones). */
  refusedBy?: 'key' | 'team';
  /** With `team`: the team window's figures. */
  team?: BudgetUsage;
}

export interface BudgetSettlement {
  /** False for a repeated settle. */
  counted: boolean;
  /** How far the actual cost passed the reservation (0 when it did not): recorded in full, never clamped. */
  overageMicros: number;
  /** With a team: how far the actual cost passed the team's reservation. */
  teamOverageMicros?: number;
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
   * spent is never dropped. A cost above the reservation is an overage: counted in full, and it
   * closes the window at `limitMicros` (the key's budget now).
   */
  settle(
    reservationId: string,
    actualMicros: number,
    nowMs?: number,
    limitMicros?: number,
    teamLimitMicros?: number,
  ): Promise<BudgetSettlement>;
  /** `keyId` may be a team id: a team's window is read the same way. */
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
