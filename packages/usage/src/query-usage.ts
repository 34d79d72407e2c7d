import { ALL_TAGS, type Database, queryRows, type RollupGranularity } from '@switchboard/db';
import { type SQL, sql } from 'drizzle-orm';
import { picosToMicros } from './compute-cost-picos';
import { bucketStart, granularityMs } from './rollup-buckets';
import { emptyCounters, type UsageCounters } from './usage-counters';

export const usageDimensions = ['key', 'team', 'provider', 'model', 'tag', 'user'] as const;
export type UsageDimension = (typeof usageDimensions)[number];
export const usageGranularities = ['minute', 'hour', 'day', 'total'] as const;
export type UsageGranularity = (typeof usageGranularities)[number];

export interface UsageQuery {
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  /** `total`: one row per group over the whole range, no time buckets. */
  granularity: UsageGranularity;
  groupBy: UsageDimension[];
  apiKeyId?: string;
  teamId?: string;
  provider?: string;
  model?: string;
  /** Only events carrying this tag ("(other)": the tags beyond the daily allowance). */
  tag?: string;
  /** Only events of this end user ("(other)" as for tags). */
  user?: string;
}

/** Tags and end users are rolled up per UTC day only: a finer granularity is refused. */
export class AttributionGranularityError extends Error {}

/** Whether a query reads the attribution rollups (it groups or filters by tag or end user). */
export function usesAttribution(query: Pick<UsageQuery, 'groupBy' | 'tag' | 'user'>): boolean {
  return query.groupBy.includes('tag') || query.groupBy.includes('user') || query.tag !== undefined || query.user !== undefined;
}

export interface UsageRow extends UsageCounters {
  /** Epoch ms of the bucket's start; absent for `total`. */
  bucketStartMs?: number;
  apiKeyId?: string | null;
  apiKeyName?: string | null;
  teamId?: string | null;
  teamName?: string | null;
  provider?: string | null;
  model?: string;
  /** null: untagged events. */
  tag?: string | null;
  /** null: events naming no end user. */
  user?: string | null;
}

export interface UsageReport {
  /** The range actually covered: `from` floored and `to` ceiled to whole buckets. */
  fromMs: number;
  toMs: number;
  granularity: UsageGranularity;
  /** The rollup the rows were read from. */
  source: RollupGranularity;
  groupBy: UsageDimension[];
  rows: UsageRow[];
  totals: UsageCounters;
}

const counterColumns: [keyof UsageCounters, string][] = [
  ['requests', 'requests'],
  ['refused', 'refused'],
  ['errors', 'errors'],
  ['inputTokens', 'input_tokens'],
  ['cachedInputTokens', 'cached_input_tokens'],
  ['cacheWriteTokens', 'cache_write_tokens'],
  ['outputTokens', 'output_tokens'],
  ['reasoningTokens', 'reasoning_tokens'],
  ['unpricedRequests', 'unpriced_requests'],
];

/**
 * The rollup to read for a range summed whole: the coarsest whose buckets the range's ends fall
 * on, so a total over "today so far" reads a few hour rows rather than thousands of minutes, and
 * never counts a bucket that lies partly outside the range.
 */
function totalSource(fromMs: number, toMs: number): RollupGranularity {
  for (const granularity of ['day', 'hour'] as const) {
    const size = granularityMs[granularity];
    if (fromMs % size === 0 && toMs % size === 0) return granularity;
  }
  return 'minute';
}

/** Rollups have no NULLs ('' stands for "no key" / "no provider"); reports show null. */
function nullIfEmpty(value: unknown): string | null {
  return value === '' || value === null || value === undefined ? null : String(value);
}

const PICOS_PER_MICRO = 1_000_000n;

/**
 * Rounds the exact pico-dollar sums to micro-dollars so that every figure agrees: the total is
 * its exact sum rounded half up once, and the rows are apportioned to add up to exactly that
 * total (each floored, then the micro-dollars left over go one each to the rows with the largest
 * remainders, ties to the earlier row), so each row is within one micro-dollar of its exact sum
 * and a spreadsheet summing the CSV's rows finds the report's total. Returns the total.
 */
function apportionMicros(rowPicos: readonly bigint[], assign: (index: number, micros: number) => void): number {
  let total = 0n;
  for (const picos of rowPicos) total += picos;
  const totalMicros = picosToMicros(total);
  const shares = rowPicos.map((picos) => Number(picos / PICOS_PER_MICRO));
  const assigned = shares.reduce((sum, share) => sum + share, 0);
  const remainders = rowPicos.map((picos, index) => ({ index, remainder: picos % PICOS_PER_MICRO }));
  remainders.sort((left, right) =>
    right.remainder > left.remainder ? 1 : right.remainder < left.remainder ? -1 : left.index - right.index,
  );
  for (let left = totalMicros - assigned, next = 0; left > 0 && next < remainders.length; left--, next++) {
    shares[remainders[next]!.index]! += 1;
  }
  shares.forEach((share, index) => {
    assign(index, share);
  });
  return totalMicros;
}

/**
 * Usage from the rollups for dashboards and exports: time buckets (or one total) per chosen
 * dimensions, with filters, plus the totals of the whole selection. Rollups, not raw events,
 * so the answer stays fast after raw events have been removed by retention.
 */
export async function queryUsage(db: Database, query: UsageQuery): Promise<UsageReport> {
  const attribution = usesAttribution(query);
  if (attribution && (query.granularity === 'minute' || query.granularity === 'hour')) {
    throw new AttributionGranularityError('tags and end users are rolled up per UTC day: use granularity day or total');
  }
  if (attribution && (query.teamId !== undefined || query.groupBy.includes('team'))) {
    // The tag and end-user rollups are per key, not per team (yet).
    throw new AttributionGranularityError(
      'tags and end users cannot be combined with team in one report yet: group or filter by key',
    );
  }
  const source = attribution ? 'day' : query.granularity === 'total' ? totalSource(query.fromMs, query.toMs) : query.granularity;
  const size = granularityMs[source];
  const fromMs = bucketStart(source, query.fromMs);
  const toMs = Math.ceil(query.toMs / size) * size;

  // The attribution rollups name their bucket `day`; the same queries read both tables.
  const bucket = attribution ? sql`r.day` : sql`r.bucket_start`;
  const conditions: SQL[] = [
    ...(attribution ? [] : [sql`r.granularity = ${source}`]),
    sql`${bucket} >= ${new Date(fromMs).toISOString()}::timestamptz`,
    sql`${bucket} < ${new Date(toMs).toISOString()}::timestamptz`,
  ];
  if (attribution) {
    // The '*' rows count each event once; the others once per tag it carries.
    const byTag = query.groupBy.includes('tag') || query.tag !== undefined;
    conditions.push(byTag ? sql`r.tag <> ${ALL_TAGS}` : sql`r.tag = ${ALL_TAGS}`);
    if (query.tag !== undefined) conditions.push(sql`r.tag = ${query.tag}`);
    if (query.user !== undefined) conditions.push(sql`r.end_user = ${query.user}`);
  }
  if (query.apiKeyId !== undefined) conditions.push(sql`r.api_key_id = ${query.apiKeyId}`);
  if (query.teamId !== undefined) conditions.push(sql`r.team_id = ${query.teamId}`);
  if (query.provider !== undefined) conditions.push(sql`r.provider_id = ${query.provider}`);
  if (query.model !== undefined) conditions.push(sql`r.model = ${query.model}`);

  const groups: SQL[] = [];
  const selected: SQL[] = [];
  if (query.granularity !== 'total') {
    groups.push(bucket);
    selected.push(sql`(extract(epoch from ${bucket}) * 1000)::bigint as bucket_start_ms`);
  }
  const byKey = query.groupBy.includes('key');
  if (byKey) {
    groups.push(sql`r.api_key_id`);
    selected.push(sql`r.api_key_id as api_key_id`, sql`min(k.name) as api_key_name`);
  }
  const byTeam = query.groupBy.includes('team');
  if (byTeam) {
    groups.push(sql`r.team_id`);
    selected.push(sql`r.team_id as team_id`, sql`min(t.name) as team_name`);
  }
  if (query.groupBy.includes('provider')) {
    groups.push(sql`r.provider_id`);
    selected.push(sql`r.provider_id as provider_id`);
  }
  if (query.groupBy.includes('model')) {
    groups.push(sql`r.model`);
    selected.push(sql`r.model as model`);
  }
  if (query.groupBy.includes('tag')) {
    groups.push(sql`r.tag`);
    selected.push(sql`r.tag as tag`);
  }
  if (query.groupBy.includes('user')) {
    groups.push(sql`r.end_user`);
    selected.push(sql`r.end_user as end_user`);
  }
  for (const [, column] of counterColumns) {
    // The attribution rollups hold served requests only: refusals are counted in usage_rollups.
    selected.push(
      sql.raw(attribution && column === 'refused' ? '0::bigint as refused' : `sum(r.${column})::bigint as ${column}`),
    );
  }
  // As text: a pico-dollar sum passes 2^53 at about $9,000, beyond a double's exact integers.
  selected.push(sql.raw('sum(r.cost_picos)::text as cost_picos'));
  selected.push(sql.raw('sum(r.cache_savings_picos)::text as cache_savings_picos'));

  const statement = sql`select ${sql.join(selected, sql`, `)} from ${sql.raw(attribution ? 'usage_attribution_rollups' : 'usage_rollups')} r`;
  if (byKey) statement.append(sql` left join api_keys k on k.id = r.api_key_id`);
  if (byTeam) statement.append(sql` left join teams t on t.id = r.team_id`);
  statement.append(sql` where ${sql.join(conditions, sql` and `)}`);
  if (groups.length > 0) statement.append(sql` group by ${sql.join(groups, sql`, `)}`);
  const order: SQL[] = query.granularity === 'total' ? [] : [bucket];
  order.push(sql`sum(r.cost_picos) desc`, sql`sum(r.requests) desc`);
  statement.append(sql` order by ${sql.join(order, sql`, `)}`);

  const records = await queryRows<Record<string, unknown>>(db, statement);
  const totals = emptyCounters();
  const rowPicos: bigint[] = [];
  const rowSavingsPicos: bigint[] = [];
  const rows: UsageRow[] = [];
  for (const record of records) {
    // A selection with no rows still yields one aggregate row of NULLs when nothing is grouped.
    if (groups.length === 0 && record.requests === null) continue;
    const row: UsageRow = emptyCounters();
    if (query.granularity !== 'total') row.bucketStartMs = Number(record.bucket_start_ms);
    if (byKey) {
      row.apiKeyId = nullIfEmpty(record.api_key_id);
      row.apiKeyName = nullIfEmpty(record.api_key_name);
    }
    if (byTeam) {
      row.teamId = nullIfEmpty(record.team_id);
      row.teamName = nullIfEmpty(record.team_name);
    }
    if (query.groupBy.includes('provider')) row.provider = nullIfEmpty(record.provider_id);
    if (query.groupBy.includes('model')) row.model = String(record.model);
    if (query.groupBy.includes('tag')) row.tag = nullIfEmpty(record.tag);
    if (query.groupBy.includes('user')) row.user = nullIfEmpty(record.end_user);
    for (const [field, column] of counterColumns) {
      const value = Number(record[column] ?? 0);
      row[field] = value;
      totals[field] += value;
    }
    rowPicos.push(BigInt(String(record.cost_picos ?? '0')));
    rowSavingsPicos.push(BigInt(String(record.cache_savings_picos ?? '0')));
    rows.push(row);
  }
  totals.costMicros = apportionMicros(rowPicos, (index, micros) => {
    rows[index]!.costMicros = micros;
  });
  totals.cacheSavingsMicros = apportionMicros(rowSavingsPicos, (index, micros) => {
    rows[index]!.cacheSavingsMicros = micros;
  });
  if (query.groupBy.includes('tag')) {
    // An event with two tags is in two rows: the totals count it once (the '*' rows' sums).
    const once = await queryUsage(db, { ...query, groupBy: [], granularity: 'total', tag: query.tag });
    Object.assign(totals, once.totals);
  }
  return { fromMs, toMs, granularity: query.granularity, source, groupBy: query.groupBy, rows, totals };
}
