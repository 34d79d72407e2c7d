import { type Database, queryRows } from '@switchboard/db';
import { type SQL, sql } from 'drizzle-orm';
import { picosToMicros } from './compute-cost-picos';
import { queryUsage } from './query-usage';
import type { UsageCounters } from './usage-counters';

/**
 * Whose usage a statement covers: one gateway key, or the whole gateway when no field is set.
 * A team is one more optional field here, filtered the same way.
 */
export interface StatementScope {
  apiKeyId?: string;
}

export interface StatementLine extends UsageCounters {
  provider: string | null;
  model: string;
  /** The price versions that priced the month's events still stored (raw events outlive retention only so long). */
  priceVersionIds: string[];
}

export interface UsageStatement {
  /** `YYYY-MM`, UTC. */
  month: string;
  fromMs: number;
  toMs: number;
  scope: StatementScope & { apiKeyName?: string | null };
  /** One per provider and model, by cost; their costs add up to the total exactly. */
  lines: StatementLine[];
  totals: UsageCounters;
}

export interface StatementSummary {
  month: string;
  /** null: the whole gateway. */
  apiKeyId: string | null;
  apiKeyName: string | null;
  requests: number;
  costMicros: number;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The UTC range of a `YYYY-MM` month, or undefined when it is not one. */
export function monthRange(month: string): { fromMs: number; toMs: number } | undefined {
  const match = MONTH_PATTERN.exec(month);
  if (!match) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { fromMs: Date.UTC(year, index, 1), toMs: Date.UTC(year, index + 1, 1) };
}

/**
 * A month's statement: line items per provider and model from the same report `/admin/usage`
 * gives for that range and scope (granularity total, grouped by provider and model), so its
 * totals and lines are the usage API's to the micro-dollar by construction, not by a second sum.
 */
export async function buildUsageStatement(db: Database, month: string, scope: StatementScope): Promise<UsageStatement> {
  const range = monthRange(month);
  if (!range) throw new RangeError(`month: '${month}' is not YYYY-MM`);
  const report = await queryUsage(db, {
    ...range,
    granularity: 'total',
    groupBy: ['provider', 'model'],
    apiKeyId: scope.apiKeyId,
  });
  const conditions: SQL[] = [
    sql`occurred_at >= ${new Date(range.fromMs).toISOString()}::timestamptz`,
    sql`occurred_at < ${new Date(range.toMs).toISOString()}::timestamptz`,
    sql`price_version_id is not null`,
  ];
  if (scope.apiKeyId !== undefined) conditions.push(sql`api_key_id = ${scope.apiKeyId}`);
  const versions = await queryRows<{ provider_id: string | null; model: string; ids: string[] }>(
    db,
    sql`select provider_id, model, array_agg(distinct price_version_id order by price_version_id) as ids
        from usage_events where ${sql.join(conditions, sql` and `)} group by 1, 2`,
  );
  const versionsOf = new Map(versions.map((row) => [`${row.provider_id ?? ''}\u0000${row.model}`, row.ids]));
  const lines = report.rows.map((row) => ({
    ...row,
    provider: row.provider ?? null,
    model: row.model ?? '',
    priceVersionIds: versionsOf.get(`${row.provider ?? ''}\u0000${row.model ?? ''}`) ?? [],
  }));
  let apiKeyName: string | null | undefined;
  if (scope.apiKeyId !== undefined) {
    const [key] = await queryRows<{ name: string }>(db, sql`select name from api_keys where id = ${scope.apiKeyId}`);
    apiKeyName = key?.name ?? null;
  }
  return {
    month,
    ...range,
    scope: { ...scope, ...(apiKeyName === undefined ? {} : { apiKeyName }) },
    lines,
    totals: report.totals,
  };
}

/**
 * The statements there are to invoice: every UTC month with usage, for the whole gateway and for
 * each key that used it, newest first. Costs are the statement's total (exact sum rounded once).
 */
export async function listUsageStatements(db: Database, scope: StatementScope = {}): Promise<StatementSummary[]> {
  const filter = scope.apiKeyId === undefined ? sql`` : sql` and r.api_key_id = ${scope.apiKeyId}`;
  const rows = await queryRows<{
    month: string;
    api_key_id: string | null;
    api_key_name: string | null;
    requests: string;
    cost_picos: string;
  }>(
    db,
    sql`select x.month, case when grouping(x.api_key_id) = 1 then null else x.api_key_id end as api_key_id,
          min(x.name) as api_key_name, sum(x.requests)::text as requests, sum(x.cost_picos)::text as cost_picos
        from (
          select to_char(r.bucket_start at time zone 'UTC', 'YYYY-MM') as month, r.api_key_id, k.name,
            r.requests, r.cost_picos
          from usage_rollups r left join api_keys k on k.id = r.api_key_id
          where r.granularity = 'day'${filter}) x
        group by grouping sets ((x.month), (x.month, x.api_key_id))
        order by x.month desc, grouping(x.api_key_id) desc, sum(x.cost_picos) desc`,
  );
  return rows
    .filter((row) => scope.apiKeyId === undefined || row.api_key_id !== null)
    .map((row) => ({
      month: row.month,
      // '' is the rollups' "no key" (the keyless demo): still a scope of its own.
      apiKeyId: row.api_key_id,
      apiKeyName: row.api_key_id === null ? null : (row.api_key_name ?? null),
      requests: Number(row.requests),
      costMicros: picosToMicros(BigInt(row.cost_picos)),
    }));
}
