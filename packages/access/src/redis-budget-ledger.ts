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
import { reserveScript, seedScript, settleScript, usageScript } from './budget-ledger-lua';
import { type BudgetWindow, budgetPeriodWindow } from './budget-period-window';
import { checkBudgetNumbers } from './check-budget-numbers';
import { LuaScript, type ScriptClient } from './lua-script';
import { decodeReservationId, encodeReservationId } from './reservation-id';

export interface RedisBudgetLedgerOptions extends BudgetLedgerOptions {
  /** Prepended to every Redis key; default `switchboard:`. */
  prefix?: string;
}

const reserve = new LuaScript(reserveScript);
const settle = new LuaScript(settleScript);
const usage = new LuaScript(usageScript);
const seed = new LuaScript(seedScript);

// How long a window's keys outlive its end, beyond the reservation lifetime: late settlements land, and usage stays readable.
const windowGraceMs = 24 * 3_600_000;

/**
 * Budgets shared by every gateway instance, one EVALSHA per call (see budget-ledger-lua.ts).
 * Keys carry the API key id as a hash tag so a window's two keys share a Redis Cluster slot.
 */
export class RedisBudgetLedger implements BudgetLedger {
  readonly #redis: ScriptClient;
  readonly #prefix: string;
  readonly #reservationLifetimeMs: number;

  constructor(redis: ScriptClient, options: RedisBudgetLedgerOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'switchboard:';
    this.#reservationLifetimeMs = options.reservationLifetimeMs ?? defaultReservationLifetimeMs;
  }

  async reserve(request: BudgetReservationRequest): Promise<BudgetReservation> {
    const { keyId, limitMicros, period, amountMicros, output, team, nowMs } = request;
    checkBudgetNumbers({ limitMicros, amountMicros }, nowMs);
    if (output) checkBudgetNumbers(output, nowMs);
    if (team) checkBudgetNumbers({ limitMicros: team.limitMicros }, nowMs);
    const window = budgetPeriodWindow(period, nowMs);
    const teamWindow = team ? budgetPeriodWindow(team.period, nowMs) : undefined;
    const token = randomBase62(16);
    const keys = this.#keys(keyId, period, window.startMs);
    const subjects: (string | number)[] = [limitMicros, this.#lifetime(window, nowMs)];
    if (team) {
      // Two hash tags in one script: fine on one Redis (or a primary with replicas), not on a
      // Redis Cluster, which would need the key and its team in one slot.
      keys.push(...this.#keys(team.teamId, team.period, teamWindow!.startMs));
      subjects.push(team.limitMicros, this.#lifetime(teamWindow!, nowMs));
    }
    const reply = await reserve.run(this.#redis, keys, [
      nowMs,
      amountMicros,
      token,
      nowMs + this.#reservationLifetimeMs,
      output?.microsPerMillionTokens ?? 0,
      output?.maxTokens ?? 0,
      output?.minTokens ?? 0,
      ...subjects,
    ]);
    const numbers = integers(reply, team ? 12 : 8);
    const [allowed, refusedIndex, amount, outputTokens, spent, reserved, overage, closed] = numbers;
    const reservation: BudgetReservation = {
      allowed: allowed === 1,
      reservationId:
        allowed === 1
          ? encodeReservationId({
              keyId,
              period,
              windowStartMs: window.startMs,
              token,
              team: team ? { teamId: team.teamId, period: team.period, windowStartMs: teamWindow!.startMs } : undefined,
            })
          : undefined,
      reservedAmountMicros: amount!,
      outputTokens: outputTokens!,
      ...usageOf(spent!, reserved!, overage!, closed === 1, limitMicros, window),
    };
    if (allowed !== 1) reservation.refusedBy = refusedIndex === 2 ? 'team' : 'key';
    if (team) {
      const [teamSpent, teamReserved, teamOverage, teamClosed] = numbers.slice(8);
      reservation.team = usageOf(teamSpent!, teamReserved!, teamOverage!, teamClosed === 1, team.limitMicros, teamWindow!);
    }
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
    const keys = this.#keys(address.keyId, address.period, address.windowStartMs);
    const subjects: (string | number)[] = [this.#lifetime(window, nowMs), limitMicros ?? ''];
    const team = address.team;
    if (team) {
      keys.push(...this.#keys(team.teamId, team.period, team.windowStartMs));
      subjects.push(this.#lifetime(budgetPeriodWindow(team.period, team.windowStartMs), nowMs), teamLimitMicros ?? '');
    }
    const reply = await settle.run(this.#redis, keys, [nowMs, address.token, actual, ...subjects]);
    const [counted, overage, teamOverage] = integers(reply, team ? 3 : 2);
    const settlement: BudgetSettlement = { counted: counted === 1, overageMicros: overage! };
    if (team) settlement.teamOverageMicros = teamOverage!;
    return settlement;
  }

  async usage(keyId: string, limitMicros: number, period: BudgetPeriod, nowMs: number): Promise<BudgetUsage> {
    checkBudgetNumbers({ limitMicros }, nowMs);
    const window = budgetPeriodWindow(period, nowMs);
    const [spent, reserved, overage, closedAt] = integers(
      await usage.run(this.#redis, this.#keys(keyId, period, window.startMs), [nowMs]),
      4,
    );
    return usageOf(spent!, reserved!, overage!, closedAt! >= 0 && limitMicros <= closedAt!, limitMicros, window);
  }

  async seed(keyId: string, period: BudgetPeriod, spentMicros: number, nowMs: number): Promise<boolean> {
    checkBudgetNumbers({ spentMicros }, nowMs);
    const window = budgetPeriodWindow(period, nowMs);
    const reply = await seed.run(this.#redis, this.#keys(keyId, period, window.startMs), [
      spentMicros,
      this.#lifetime(window, nowMs),
    ]);
    return reply === 1;
  }

  #keys(keyId: string, period: BudgetPeriod, windowStartMs: number): string[] {
    const base = `${this.#prefix}budget:{${keyId}}:${period}:${windowStartMs}`;
    return [base, `${base}:reservations`];
  }

  /** Milliseconds the window's keys should live from now; 0 (forever) for a total budget. */
  #lifetime(window: BudgetWindow, nowMs: number): number {
    if (window.endMs === null) return 0;
    return Math.max(1, window.endMs - nowMs) + this.#reservationLifetimeMs + windowGraceMs;
  }
}

function usageOf(
  spent: number,
  reserved: number,
  overage: number,
  closed: boolean,
  limitMicros: number,
  window: BudgetWindow,
): BudgetUsage {
  return {
    spentMicros: spent,
    reservedMicros: reserved,
    remainingMicros: closed ? 0 : Math.max(0, limitMicros - spent - reserved),
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    overageMicros: overage,
    closed,
  };
}

function integers(reply: unknown, count: number): number[] {
  if (!Array.isArray(reply) || reply.length !== count || !reply.every((value) => Number.isInteger(value))) {
    throw new Error('budget ledger script returned an unexpected reply');
  }
  return reply as number[];
}
