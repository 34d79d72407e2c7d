import { type Database, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { attributionRows } from './attribution-rows';
import { computeCostPicos, picosToMicros } from './compute-cost-picos';
import { compilePriceVersion, ratesAt } from './price-book';
import type { PriceFormat } from './price-rates';
import type { PriceVersion } from './price-version';

export interface RepriceRange {
  providerId: string;
  modelId: string;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
}

export interface RepriceResult {
  events: number;
  /** New cost minus old, pico-dollars and micro-dollars. */
  deltaPicos: number;
  deltaMicros: number;
}

/** More events than one admin request should rewrite in one transaction: re-price a shorter range. */
export const MAX_REPRICED_EVENTS = 200_000;

export class RepriceRangeTooLargeError extends Error {}

type EventTokens = {
  request_id: string;
  occurred_at_ms: string | number;
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
};

/**
 * A deliberate re-pricing of a past range (an admin action, audited by the caller): every stored
 * event of one provider and model in [from, to) is priced again at `version` (its schedules and
 * tiers by each event's own start and input), its cost and price_version_id replaced, and the
 * rollups moved by the difference, in one transaction. Nothing else ever changes a stored cost.
 * Events already removed by retention are not in the rollups' difference: only raw events can be
 * re-priced.
 */
export async function repriceUsageEvents(
  db: Database,
  range: RepriceRange,
  version: PriceVersion,
  format: PriceFormat,
): Promise<RepriceResult> {
  const compiled = compilePriceVersion(version, format);
  return db.transaction(async (transaction) => {
    const handle = transaction as unknown as Database;
    const events = await queryRows<EventTokens>(
      handle,
      sql`select request_id, (extract(epoch from occurred_at) * 1000)::bigint as occurred_at_ms, input_tokens,
            cached_input_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens
          from usage_events
          where provider_id = ${range.providerId} and model = ${range.modelId}
            and occurred_at >= ${new Date(range.fromMs).toISOString()}::timestamptz
            and occurred_at < ${new Date(range.toMs).toISOString()}::timestamptz
          order by request_id
          limit ${MAX_REPRICED_EVENTS + 1}
          for update`,
    );
    if (events.length > MAX_REPRICED_EVENTS) {
      throw new RepriceRangeTooLargeError(`more than ${MAX_REPRICED_EVENTS} events in the range; re-price a shorter one`);
    }
    if (events.length === 0) return { events: 0, deltaPicos: 0, deltaMicros: 0 };
    const priced = events.map((event) => {
      const usage = {
        inputTokens: event.input_tokens,
        cachedInputTokens: event.cached_input_tokens,
        cacheWriteTokens: event.cache_write_tokens,
        cacheWrite1hTokens: event.cache_write_1h_tokens,
        outputTokens: event.output_tokens,
        reasoningTokens: event.reasoning_tokens,
      };
      const picos = computeCostPicos(usage, ratesAt(compiled, Number(event.occurred_at_ms), usage.inputTokens));
      return { request_id: event.request_id, cost_picos: picos, cost_micros: picosToMicros(picos) };
    });
    const [result] = await queryRows<{ events: number; delta_picos: string | null; delta_micros: string | null }>(
      handle,
      sql`with incoming as (
            select * from json_to_recordset(${JSON.stringify(priced)}::json)
              as x (request_id text, cost_picos bigint, cost_micros bigint)),
          old as (
            select e.request_id, e.occurred_at, coalesce(e.api_key_id, '') as api_key_id,
              coalesce(e.provider_id, '') as provider_id, e.model,
              i.cost_picos - e.cost_picos as delta_picos, i.cost_micros - e.cost_micros as delta_micros,
              i.cost_picos, i.cost_micros, e.tags, e.end_user
            from usage_events e join incoming i on i.request_id = e.request_id),
          updated as (
            update usage_events e set cost_picos = o.cost_picos, cost_micros = o.cost_micros,
              price_version_id = ${version.id}
            from old o where e.request_id = o.request_id
            returning 1),
          deltas as (
            select g.granularity, date_trunc(g.granularity, o.occurred_at, 'UTC') as bucket_start, o.api_key_id,
              o.provider_id, o.model, sum(o.delta_picos) as delta_picos, sum(o.delta_micros) as delta_micros
            from old o cross join (values ('minute'), ('hour'), ('day')) as g (granularity)
            group by 1, 2, 3, 4, 5),
          moved as (
            update usage_rollups r set cost_picos = r.cost_picos + d.delta_picos,
              cost_micros = r.cost_micros + d.delta_micros
            from deltas d
            where r.granularity = d.granularity and r.bucket_start = d.bucket_start and r.api_key_id = d.api_key_id
              and r.provider_id = d.provider_id and r.model = d.model
            returning 1),
          attribution_deltas as (
            select x.day, x.api_key_id, o.provider_id, o.model, x.tag, x.end_user,
              sum(o.delta_picos) as delta_picos, sum(o.delta_micros) as delta_micros
            from (${attributionRows(sql`old`, sql`usage_attribution_values`)}) x join old o on o.request_id = x.request_id
            group by 1, 2, 3, 4, 5, 6),
          attribution_moved as (
            update usage_attribution_rollups r set cost_picos = r.cost_picos + d.delta_picos,
              cost_micros = r.cost_micros + d.delta_micros
            from attribution_deltas d
            where r.day = d.day and r.api_key_id = d.api_key_id and r.provider_id = d.provider_id
              and r.model = d.model and r.tag = d.tag and r.end_user = d.end_user
            returning 1)
          select (select count(*) from updated)::int as events,
            (select count(*) from attribution_moved)::int as attribution_moved,
            (select sum(delta_picos) from old)::text as delta_picos,
            (select sum(delta_micros) from old)::text as delta_micros,
            (select count(*) from moved)::int as moved`,
    );
    return {
      events: Number(result?.events ?? 0),
      deltaPicos: Number(result?.delta_picos ?? 0),
      deltaMicros: Number(result?.delta_micros ?? 0),
    };
  });
}
