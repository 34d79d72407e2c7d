import type { BudgetPeriod } from '@switchboard/db';
import { randomBase62 } from '@switchboard/protocol';
import {
  type BudgetLedger,
  type BudgetLedgerOptions,
  type BudgetReservation,
  type BudgetReservationRequest,
  type BudgetSettlement,
  type BudgetUsage,
  defaultReservationLifetimeMs,
} from './budget-ledger';
import { type BudgetWindow, budgetPeriodWindow } from './budget-period-window';
import { checkBudgetNumbers } from './check-budget-numbers';
import { decodeReservationId, encodeReservationId } from './reservation-id';

interface Reservation {
  amount: number;
  expiresAtMs: number;
}

interface WindowState {
  spent: number;
  reserved: number;
  overage: number;
  /** The limit an overage closed the window at; null while open. */
  closedAt: number | null;
  /** Open reservations, in the order (and so the expiry order) they were made. */
  reservations: Map<string, Reservation>;
  /**
   * Tokens settled recently, so a repeated settle is ignored, in two generations: `settled` since
   * `settledSinceMs`, `settledBefore` the generation before. When the current one is a marker
   * lifetime old it becomes the previous one and the oldest is dropped whole, so a token is
   * remembered for one to two lifetimes. Kept briefly, not for the reservation lifetime: a busy
   * gateway settles thousands a second, and holding every one for 15 minutes made the heap huge.
   * Not one Map swept from the front: deleting from a JavaScript Map leaves holes that iteration
   * walks past until the table is rebuilt, and with a minute of markers (360,000 at 6,000 req/s)
   * every sweep walked up to a hundred thousand holes, ~50 µs per reserve and settle.
   */
  settled: Set<string>;
  settledBefore: Set<string>;
  settledSinceMs: number;
  endMs: number | null;
}

/** How long a settled token is at least remembered to ignore a repeated settle (at most twice that). */
const SETTLED_MARKER_LIFETIME_MS = 60_000;

/** The ledger for one process (the embedded default). A JavaScript turn is atomic, so no locking is needed. */
export class MemoryBudgetLedger implements BudgetLedger {
  readonly #reservationLifetimeMs: number;
  readonly #windows = new Map<string, WindowState>();
  // The window used last: nearly every call is for the same key and window as the one before, and
  // finding it by name meant building a string (with a 13-digit number in it) on every call.
  #lastWindow: { keyId: string; period: BudgetPeriod; startMs: number; state: WindowState } | undefined;

  constructor(options: BudgetLedgerOptions = {}) {
    this.#reservationLifetimeMs = options.reservationLifetimeMs ?? defaultReservationLifetimeMs;
  }

  async reserve(request: BudgetReservationRequest): Promise<BudgetReservation> {
    const { keyId, limitMicros, period, output, team, nowMs } = request;
    let amountMicros = request.amountMicros;
    checkBudgetNumbers({ limitMicros, amountMicros }, nowMs);
    if (output) checkBudgetNumbers(output, nowMs);
    if (team) checkBudgetNumbers({ limitMicros: team.limitMicros }, nowMs);
    const window = budgetPeriodWindow(period, nowMs);
    const state = this.#window(keyId, period, window, nowMs);
    const teamWindow = team ? budgetPeriodWindow(team.period, nowMs) : undefined;
    const teamState = team ? this.#window(team.teamId, team.period, teamWindow!, nowMs) : undefined;
    // The same arithmetic as reserveScript (budget-ledger-lua.ts): every subject must have room.
    const subjects: [WindowState, number][] = [[state, limitMicros]];
    if (teamState) subjects.push([teamState, team!.limitMicros]);
    let refused = 0;
    for (const [index, [subject, limit]] of subjects.entries()) {
      if (subject.closedAt !== null && limit > subject.closedAt) subject.closedAt = null;
      if (subject.closedAt !== null && refused === 0) refused = index + 1;
    }
    let outputTokens = 0;
    if (refused === 0 && output && output.microsPerMillionTokens > 0) {
      outputTokens = output.maxTokens;
      for (const [index, [subject, limit]] of subjects.entries()) {
        const room = limit - subject.spent - subject.reserved - amountMicros;
        if (room < Math.ceil((outputTokens * output.microsPerMillionTokens) / 1_000_000)) {
          outputTokens = Math.max(0, Math.floor((room * 1_000_000) / output.microsPerMillionTokens));
        }
        if (outputTokens < output.minTokens) {
          refused = index + 1;
          break;
        }
      }
      amountMicros += Math.ceil((outputTokens * output.microsPerMillionTokens) / 1_000_000);
    }
    if (refused === 0) {
      for (const [index, [subject, limit]] of subjects.entries()) {
        if (subject.spent + subject.reserved + amountMicros > limit) {
          refused = index + 1;
          break;
        }
      }
    }
    const allowed = refused === 0;
    let reservationId: string | undefined;
    if (allowed) {
      const token = randomBase62(16);
      for (const [subject] of subjects) {
        subject.reservations.set(token, { amount: amountMicros, expiresAtMs: nowMs + this.#reservationLifetimeMs });
        subject.reserved += amountMicros;
      }
      reservationId = encodeReservationId({
        keyId,
        period,
        windowStartMs: window.startMs,
        token,
        team: team ? { teamId: team.teamId, period: team.period, windowStartMs: teamWindow!.startMs } : undefined,
      });
    }
    const closed = state.closedAt !== null;
    // Spelled out rather than spreading usageOf(): one object per call instead of two.
    const reservation: BudgetReservation = {
      allowed,
      reservationId,
      reservedAmountMicros: allowed ? amountMicros : 0,
      outputTokens: allowed ? outputTokens : 0,
      spentMicros: state.spent,
      reservedMicros: state.reserved,
      remainingMicros: closed ? 0 : Math.max(0, limitMicros - state.spent - state.reserved),
      windowStartMs: window.startMs,
      windowEndMs: window.endMs,
      overageMicros: state.overage,
      closed,
    };
    if (!allowed) reservation.refusedBy = refused === 2 ? 'team' : 'key';
    if (teamState) reservation.team = usageOf(teamState, team!.limitMicros, teamWindow!);
    return reservation;
  }

  async settle(
    reservationId: string,
    actualMicros: number,
    nowMs: number = Date.now(),
    limitMicros?: number,
    teamLimitMicros?: number,
  ): Promise<BudgetSettlement> {
    const address = decodeReservationId(reservationId);
    if (address === undefined) return { counted: false, overageMicros: 0 };
    const actual = Math.ceil(actualMicros);
    checkBudgetNumbers({ actualMicros: actual }, nowMs);
    if (limitMicros !== undefined) checkBudgetNumbers({ limitMicros }, nowMs);
    if (teamLimitMicros !== undefined) checkBudgetNumbers({ limitMicros: teamLimitMicros }, nowMs);
    const window = budgetPeriodWindow(address.period, address.windowStartMs);
    const state = this.#window(address.keyId, address.period, window, nowMs);
    const result = settleOne(state, address.token, actual, limitMicros);
    const settlement: BudgetSettlement = { counted: result.counted, overageMicros: result.overageMicros };
    const team = address.team;
    if (team) {
      const teamWindow = budgetPeriodWindow(team.period, team.windowStartMs);
      const teamState = this.#window(team.teamId, team.period, teamWindow, nowMs);
      settlement.teamOverageMicros = settleOne(teamState, address.token, actual, teamLimitMicros).overageMicros;
    }
    return settlement;
  }

  async usage(keyId: string, limitMicros: number, period: BudgetPeriod, nowMs: number): Promise<BudgetUsage> {
    checkBudgetNumbers({ limitMicros }, nowMs);
    const window = budgetPeriodWindow(period, nowMs);
    return usageOf(this.#window(keyId, period, window, nowMs), limitMicros, window);
  }

  async seed(keyId: string, period: BudgetPeriod, spentMicros: number, nowMs: number): Promise<boolean> {
    checkBudgetNumbers({ spentMicros }, nowMs);
    const window = budgetPeriodWindow(period, nowMs);
    if (this.#windows.has(`${keyId}.${period}.${window.startMs}`)) return false;
    this.#window(keyId, period, window, nowMs).spent = spentMicros;
    return true;
  }

  /** The window's state with expired reservations dropped; creating one also forgets long-ended windows. */
  #window(keyId: string, period: BudgetPeriod, window: BudgetWindow, nowMs: number): WindowState {
    const last = this.#lastWindow;
    let state =
      last !== undefined && last.keyId === keyId && last.period === period && last.startMs === window.startMs
        ? last.state
        : this.#windows.get(`${keyId}.${period}.${window.startMs}`);
    if (state === undefined) {
      const name = `${keyId}.${period}.${window.startMs}`;
      this.#forgetEndedWindows(nowMs);
      state = {
        spent: 0,
        reserved: 0,
        overage: 0,
        closedAt: null,
        reservations: new Map(),
        settled: new Set(),
        settledBefore: new Set(),
        settledSinceMs: nowMs,
        endMs: window.endMs,
      };
      this.#windows.set(name, state);
    }
    if (state !== last?.state) this.#lastWindow = { keyId, period, startMs: window.startMs, state };
    // Reservations are inserted in expiry order (a Map keeps insertion order and every one lives
    // the same time), so the expired ones are at the front: stop at the first live one. A full
    // scan here made every request pay for all the markers of the last 15 minutes.
    for (const [token, reservation] of state.reservations) {
      if (reservation.expiresAtMs > nowMs) break;
      state.reserved -= reservation.amount;
      state.reservations.delete(token);
    }
    if (nowMs - state.settledSinceMs >= Math.min(SETTLED_MARKER_LIFETIME_MS, this.#reservationLifetimeMs)) {
      state.settledBefore = state.settled;
      state.settled = new Set();
      state.settledSinceMs = nowMs;
    }
    return state;
  }

  #forgetEndedWindows(nowMs: number): void {
    // Kept past their end for as long as a late settlement may still arrive.
    for (const [name, state] of this.#windows) {
      if (state.endMs !== null && state.endMs + this.#reservationLifetimeMs < nowMs) {
        this.#windows.delete(name);
        if (this.#lastWindow?.state === state) this.#lastWindow = undefined;
      }
    }
  }
}

/** One subject's side of settle(): see BudgetLedger.settle. */
function settleOne(state: WindowState, token: string, actual: number, limitMicros: number | undefined): BudgetSettlement {
  if (state.settled.has(token) || state.settledBefore.has(token)) return { counted: false, overageMicros: 0 };
  const reservation = state.reservations.get(token);
  let overageMicros = 0;
  if (reservation !== undefined) {
    state.reserved -= reservation.amount;
    state.reservations.delete(token);
    overageMicros = Math.max(0, actual - reservation.amount);
  }
  state.settled.add(token);
  state.spent += actual;
  if (overageMicros > 0) {
    state.overage += overageMicros;
    if (limitMicros !== undefined) state.closedAt = limitMicros;
  }
  return { counted: true, overageMicros };
}

function usageOf(state: WindowState, limitMicros: number, window: BudgetWindow): BudgetUsage {
  const closed = state.closedAt !== null && limitMicros <= state.closedAt;
  return {
    spentMicros: state.spent,
    reservedMicros: state.reserved,
    remainingMicros: closed ? 0 : Math.max(0, limitMicros - state.spent - state.reserved),
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    overageMicros: state.overage,
    closed,
  };
}
