import { budgetPeriodWindow } from '@switchboard/access';
import { type BudgetPeriod, type Database, queryRows } from '@switchboard/db';
import { type SQL, sql } from 'drizzle-orm';
import { AlertError } from './alert-error';
import type { AlertScope } from './alert-scope';

export interface ScopeBudget {
  budgetMicros: number;
  period: BudgetPeriod;
}

export interface ScopeTotals {
  costMicros: number;
  requests: number;
  errors: number;
}

/** How alerts read one scope: its budget (if any) and its spend, requests and errors over a time range. */
export interface ScopeUsage {
  budget: ScopeBudget | undefined;
  totals(fromMs: number, toMs: number, granularity: 'minute' | 'day'): Promise<ScopeTotals>;
}

export interface ScopeOptions {
  /** A gateway-wide rule's own budget (the gateway has none of its own). */
  budgetMicros?: number;
  budgetPeriod?: BudgetPeriod;
}

/**
 * The one place a scope becomes a budget and a rollup filter: a key, a team or the whole gateway.
 */
export async function resolveScopeUsage(db: Database, scope: AlertScope, options: ScopeOptions = {}): Promise<ScopeUsage> {
  let filter: SQL;
  let budget: ScopeBudget | undefined;
  if ('apiKeyId' in scope) {
    const [key] = await queryRows<{ budget_micros: string | number | null; budget_period: BudgetPeriod | null }>(
      db,
      sql`select budget_micros, budget_period from api_keys where id = ${scope.apiKeyId}`,
    );
    if (key === undefined) throw new AlertError('not_found', `The gateway key ${scope.apiKeyId} does not exist.`);
    filter = sql`api_key_id = ${scope.apiKeyId}`;
    if (key.budget_micros !== null && key.budget_period !== null) {
      budget = { budgetMicros: Number(key.budget_micros), period: key.budget_period };
    }
  } else if ('teamId' in scope) {
    const [team] = await queryRows<{ budget_micros: string | number | null; budget_period: BudgetPeriod | null }>(
      db,
      sql`select budget_micros, budget_period from teams where id = ${scope.teamId}`,
    );
    if (team === undefined) throw new AlertError('not_found', `The team ${scope.teamId} does not exist.`);
    // The spend recorded under the team (rollups keep the team that paid at the time).
    filter = sql`team_id = ${scope.teamId}`;
    if (team.budget_micros !== null && team.budget_period !== null) {
      budget = { budgetMicros: Number(team.budget_micros), period: team.budget_period };
    }
  } else {
    filter = sql`true`;
  }
  // A rule's own budget (required for the gateway scope) wins over the key's.
  if (options.budgetMicros !== undefined && options.budgetPeriod !== undefined) {
    budget = { budgetMicros: options.budgetMicros, period: options.budgetPeriod };
  }
  return {
    budget,
    async totals(fromMs, toMs, granularity) {
      // Pico-dollar sums rounded once, half up, as every report rounds them.
      const [row] = await queryRows<{ cost: string | number; requests: string | number; errors: string | number }>(
        db,
        sql`select floor((coalesce(sum(cost_picos), 0) + 500000) / 1000000)::bigint as cost,
              coalesce(sum(requests), 0)::bigint as requests, coalesce(sum(errors), 0)::bigint as errors
            from usage_rollups
            where granularity = ${granularity} and ${filter}
              and bucket_start >= ${new Date(fromMs).toISOString()}::timestamptz
              and bucket_start < ${new Date(toMs).toISOString()}::timestamptz`,
      );
      return { costMicros: Number(row?.cost ?? 0), requests: Number(row?.requests ?? 0), errors: Number(row?.errors ?? 0) };
    },
  };
}

export { budgetPeriodWindow };
