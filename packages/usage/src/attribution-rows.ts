import { ALL_TAGS, OTHER_ATTRIBUTION } from '@switchboard/db';
import { type SQL, sql } from 'drizzle-orm';

/**
 * The attribution rollup rows of some usage events: one row per event and tag it carries ('' when
 * it carries none) plus one with tag '*' that counts it once, its tags and end user replaced by
 * "(other)" when they are not among the key's admitted values of that day (`admitted`: a relation
 * of day, api_key_id, dimension, value). `events` is a relation with request_id, occurred_at,
 * api_key_id, tags and end_user. Shared by ingest and re-pricing, so both address the same rows.
 */
export function attributionRows(events: SQL, admitted: SQL): SQL {
  const admittedValue = (dimension: string, value: SQL) =>
    sql`exists (select 1 from ${admitted} a where a.day = date_trunc('day', s.occurred_at, 'UTC')
      and a.api_key_id = coalesce(s.api_key_id, '') and a.dimension = ${dimension} and a.value = ${value})`;
  return sql`select s.request_id, date_trunc('day', s.occurred_at, 'UTC') as day,
      coalesce(s.api_key_id, '') as api_key_id, t.tag,
      case when s.end_user is null then ''
        when ${admittedValue('user', sql`s.end_user`)} then s.end_user else ${OTHER_ATTRIBUTION} end as end_user
    from ${events} s
    cross join lateral (
      select ${ALL_TAGS}::text as tag
      union select '' where cardinality(s.tags) = 0
      union select case when ${admittedValue('tag', sql`x.tag`)} then x.tag else ${OTHER_ATTRIBUTION} end
        from unnest(s.tags) as x (tag)) t`;
}
