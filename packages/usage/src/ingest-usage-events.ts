import { type Database, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { ATTRIBUTION_VALUES_PER_DAY, MAX_TAGS } from './attribution-limits';
import { attributionRows } from './attribution-rows';
import { successOutcomes, type UsageEvent } from './usage-event';

export interface IngestOptions {
  /** Distinct tags (and end users) per api key and UTC day with rollup rows of their own; the rest count as "(other)". */
  attributionLimit?: number;
}

export interface IngestResult {
  /** Events stored by this call. */
  inserted: number;
  /** Events already stored (a redelivered job, a replayed spool): ignored. */
  duplicates: number;
}

/** An event as a usage_events row, keyed by column name for json_populate_recordset. */
function row(event: UsageEvent) {
  return {
    request_id: event.requestId,
    // Optional: spooled events from before these fields existed still replay.
    client_request_id: event.clientRequestId ?? null,
    upstream_id: event.upstreamId ?? null,
    occurred_at: new Date(event.occurredAt).toISOString(),
    api_key_id: event.apiKeyId,
    team_id: event.teamId ?? null,
    requested_model: event.requestedModel,
    model: event.model,
    provider_id: event.providerId,
    upstream_model: event.upstreamModel,
    endpoint: event.endpoint,
    stream: event.stream,
    outcome: event.outcome,
    attempts: event.attempts,
    input_tokens: event.inputTokens,
    cached_input_tokens: event.cachedInputTokens,
    cache_write_tokens: event.cacheWriteTokens,
    cache_write_1h_tokens: event.cacheWrite1hTokens ?? 0,
    output_tokens: event.outputTokens,
    reasoning_tokens: event.reasoningTokens,
    cost_micros: event.costMicros,
    cost_picos: event.costPicos ?? event.costMicros * 1_000_000,
    cache_savings_picos: event.cacheSavingsPicos ?? 0,
    price_version_id: event.priceVersionId ?? null,
    unpriced: event.unpriced === true,
    cache_savings_micros: event.cacheSavingsMicros ?? 0,
    estimated: event.estimated,
    estimated_reason: event.estimatedReason ?? null,
    overage: event.overage === true,
    latency_ms: event.latencyMs,
    first_token_ms: event.firstTokenMs,
    error_code: event.errorCode,
    // Validated by the gateway; capped again so a hand-made spool line cannot exceed the bound.
    tags: (event.tags ?? []).slice(0, MAX_TAGS),
    end_user: event.endUser ?? null,
  };
}

/**
 * Stores usage events exactly once and adds them to the minute, hour and day rollups, in one
 * statement (so one transaction): the batch travels as a single JSON parameter, the insert skips
 * request ids already stored, and only the rows it really inserted are summed into the rollups.
 * That makes redelivered jobs, replayed spools and several workers safe. Events and rollup rows
 * are written in key order, so two workers adding to the same buckets lock them in the same order
 * and cannot deadlock. One JSON parameter instead of 21 per event costs a third of the CPU
 * (measured with PGlite: 115 -> 41 µs per event in batches of 250), which matters most in the
 * embedded default, where the gateway's own process ingests.
 */
export async function ingestUsageEvents(db: Database, events: UsageEvent[], options: IngestOptions = {}): Promise<IngestResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0 };
  const attributionLimit = options.attributionLimit ?? ATTRIBUTION_VALUES_PER_DAY;
  const errorOutcomes = sql.join(
    successOutcomes.map((outcome) => sql`${outcome}`),
    sql`, `,
  );
  const rows = JSON.stringify(events.map(row));
  // Refusals also go to their by-status rollup; a batch without any skips that part entirely.
  const refused = events.filter((event) => event.outcome === 'refused');
  const statuses = JSON.stringify(refused.map((event) => ({ request_id: event.requestId, status: event.status ?? 0 })));
  const refusalRollups =
    refused.length === 0
      ? sql``
      : sql`        refusals as (
          select g.granularity, date_trunc(g.granularity, i.occurred_at, 'UTC') as bucket_start,
            coalesce(i.api_key_id, '') as api_key_id, coalesce(i.team_id, '') as team_id,
            coalesce(x.status, 0) as status, coalesce(i.error_code, '') as code, count(*) as refused
          from inserted i join json_to_recordset(${statuses}::json) as x (request_id text, status int) on x.request_id = i.request_id
            cross join (values ('minute'), ('hour'), ('day')) as g (granularity)
          where i.outcome = 'refused'
          group by 1, 2, 3, 4, 5, 6),
        refusals_added as (
          insert into usage_refusal_rollups (granularity, bucket_start, api_key_id, team_id, status, code, refused)
          select * from refusals order by 1, 2, 3, 4, 5, 6
          on conflict (granularity, bucket_start, api_key_id, team_id, status, code) do update set
            refused = usage_refusal_rollups.refused + excluded.refused
          returning 1),
`;
  const [result] = await queryRows<{ inserted: number | string }>(
    db,
    sql`with incoming as (
          select * from json_populate_recordset(null::usage_events, ${rows}::json)),
        inserted as (
          insert into usage_events (request_id, client_request_id, occurred_at, api_key_id, team_id, requested_model, model,
            provider_id, upstream_model, endpoint, stream, outcome, attempts, input_tokens, cached_input_tokens,
            cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cost_picos,
            price_version_id, unpriced, cache_savings_micros, estimated, estimated_reason, overage, latency_ms, first_token_ms, error_code,
            upstream_id, tags, end_user, cache_savings_picos)
          select request_id, client_request_id, occurred_at, api_key_id, team_id, requested_model, model, provider_id,
            upstream_model, endpoint, stream, outcome, attempts, input_tokens, cached_input_tokens,
            cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cost_picos,
            price_version_id, unpriced, cache_savings_micros, estimated, estimated_reason, overage, latency_ms, first_token_ms, error_code,
            upstream_id, tags, end_user, cache_savings_picos
          from incoming order by request_id
          on conflict (request_id) do nothing
          returning *),
        deltas as (
          select g.granularity, date_trunc(g.granularity, i.occurred_at, 'UTC') as bucket_start,
            coalesce(i.api_key_id, '') as api_key_id, coalesce(i.team_id, '') as team_id,
            coalesce(i.provider_id, '') as provider_id, i.model,
            count(*) filter (where i.outcome <> 'refused') as requests,
            count(*) filter (where i.outcome = 'refused') as refused,
            count(*) filter (where i.outcome not in (${sql.join(
              [...successOutcomes, 'refused'].map((outcome) => sql`${outcome}`),
              sql`, `,
            )})) as errors,
            sum(i.input_tokens) as input_tokens, sum(i.cached_input_tokens) as cached_input_tokens,
            sum(i.cache_write_tokens) as cache_write_tokens, sum(i.output_tokens) as output_tokens,
            sum(i.reasoning_tokens) as reasoning_tokens, sum(i.cost_micros) as cost_micros,
            sum(i.cost_picos) as cost_picos, count(*) filter (where i.unpriced) as unpriced_requests,
            sum(i.cache_savings_micros) as cache_savings_micros, sum(i.cache_savings_picos) as cache_savings_picos
          from inserted i cross join (values ('minute'), ('hour'), ('day')) as g (granularity)
          group by 1, 2, 3, 4, 5, 6),
${refusalRollups}        added as (
          insert into usage_rollups (granularity, bucket_start, api_key_id, team_id, provider_id, model, requests,
            refused, errors, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
            cost_micros, cost_picos, unpriced_requests, cache_savings_micros, cache_savings_picos)
          select * from deltas order by 1, 2, 3, 4, 5, 6
          on conflict (granularity, bucket_start, api_key_id, team_id, provider_id, model) do update set
            requests = usage_rollups.requests + excluded.requests,
            refused = usage_rollups.refused + excluded.refused,
            errors = usage_rollups.errors + excluded.errors,
            input_tokens = usage_rollups.input_tokens + excluded.input_tokens,
            cached_input_tokens = usage_rollups.cached_input_tokens + excluded.cached_input_tokens,
            cache_write_tokens = usage_rollups.cache_write_tokens + excluded.cache_write_tokens,
            output_tokens = usage_rollups.output_tokens + excluded.output_tokens,
            reasoning_tokens = usage_rollups.reasoning_tokens + excluded.reasoning_tokens,
            cost_micros = usage_rollups.cost_micros + excluded.cost_micros,
            cost_picos = usage_rollups.cost_picos + excluded.cost_picos,
            unpriced_requests = usage_rollups.unpriced_requests + excluded.unpriced_requests,
            cache_savings_micros = usage_rollups.cache_savings_micros + excluded.cache_savings_micros,
            cache_savings_picos = usage_rollups.cache_savings_picos + excluded.cache_savings_picos
          returning 1),
        candidates as (
          select day, api_key_id, dimension, value, count(*) as uses from (
            select date_trunc('day', occurred_at, 'UTC') as day, coalesce(api_key_id, '') as api_key_id,
              'tag' as dimension, unnest(tags) as value from inserted
            union all
            select date_trunc('day', occurred_at, 'UTC'), coalesce(api_key_id, ''), 'user', end_user
              from inserted where end_user is not null) c
          group by 1, 2, 3, 4),
        existing as (
          select v.day, v.api_key_id, v.dimension, v.value from usage_attribution_values v
          where (v.day, v.api_key_id, v.dimension) in (select day, api_key_id, dimension from candidates)),
        taken as (select day, api_key_id, dimension, count(*) as used from existing group by 1, 2, 3),
        fresh as (
          select c.day, c.api_key_id, c.dimension, c.value,
            row_number() over (partition by c.day, c.api_key_id, c.dimension order by c.uses desc, c.value) as rank
          from candidates c
          where not exists (select 1 from existing e where e.day = c.day and e.api_key_id = c.api_key_id
            and e.dimension = c.dimension and e.value = c.value)),
        admitted_now as (
          insert into usage_attribution_values (day, api_key_id, dimension, value)
          select f.day, f.api_key_id, f.dimension, f.value
          from fresh f left join taken t on t.day = f.day and t.api_key_id = f.api_key_id and t.dimension = f.dimension
          where coalesce(t.used, 0) + f.rank <= ${attributionLimit}
          order by 1, 2, 3, 4
          -- A value another worker admitted a moment ago is returned too (it waits for that commit).
          on conflict (day, api_key_id, dimension, value) do update set value = excluded.value
          returning day, api_key_id, dimension, value),
        admitted as (select * from existing union all select * from admitted_now),
        attribution_deltas as (
          select x.day, x.api_key_id, coalesce(i.provider_id, '') as provider_id, i.model, x.tag, x.end_user,
            count(*) filter (where i.outcome <> 'refused') as requests,
            count(*) filter (where i.outcome not in (${errorOutcomes}, 'refused')) as errors,
            sum(i.input_tokens) as input_tokens, sum(i.cached_input_tokens) as cached_input_tokens,
            sum(i.cache_write_tokens) as cache_write_tokens, sum(i.output_tokens) as output_tokens,
            sum(i.reasoning_tokens) as reasoning_tokens, sum(i.cost_micros) as cost_micros,
            sum(i.cost_picos) as cost_picos, count(*) filter (where i.unpriced) as unpriced_requests,
            sum(i.cache_savings_picos) as cache_savings_picos
          from (${attributionRows(sql`inserted`, sql`admitted`)}) x join inserted i on i.request_id = x.request_id
          group by 1, 2, 3, 4, 5, 6),
        attribution_added as (
          insert into usage_attribution_rollups (day, api_key_id, provider_id, model, tag, end_user, requests, errors,
            input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_micros,
            cost_picos, unpriced_requests, cache_savings_picos)
          select * from attribution_deltas order by 1, 2, 3, 4, 5, 6
          on conflict (day, api_key_id, provider_id, model, tag, end_user) do update set
            requests = usage_attribution_rollups.requests + excluded.requests,
            errors = usage_attribution_rollups.errors + excluded.errors,
            input_tokens = usage_attribution_rollups.input_tokens + excluded.input_tokens,
            cached_input_tokens = usage_attribution_rollups.cached_input_tokens + excluded.cached_input_tokens,
            cache_write_tokens = usage_attribution_rollups.cache_write_tokens + excluded.cache_write_tokens,
            output_tokens = usage_attribution_rollups.output_tokens + excluded.output_tokens,
            reasoning_tokens = usage_attribution_rollups.reasoning_tokens + excluded.reasoning_tokens,
            cost_micros = usage_attribution_rollups.cost_micros + excluded.cost_micros,
            cost_picos = usage_attribution_rollups.cost_picos + excluded.cost_picos,
            unpriced_requests = usage_attribution_rollups.unpriced_requests + excluded.unpriced_requests,
            cache_savings_picos = usage_attribution_rollups.cache_savings_picos + excluded.cache_savings_picos
          returning 1)
        select (select count(*) from inserted)::int as inserted,
          (select count(*) from added)::int as rollup_rows, (select count(*) from attribution_added)::int as attribution_rows`,
  );
  const inserted = Number(result?.inserted ?? 0);
  return { inserted, duplicates: events.length - inserted };
}
