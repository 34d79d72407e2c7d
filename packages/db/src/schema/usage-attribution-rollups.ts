import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { microDollars } from '../micro-dollars';
import { timestamptz } from '../timestamptz';

/** A counter column: bigint because sums over days of traffic outgrow 2^31. */
function counter(name: string) {
  return bigint(name, { mode: 'number' }).notNull().default(0);
}

/** The tag value of the row that counts every event once, whatever its tags (not a valid tag). */
export const ALL_TAGS = '*';
/** Tags and end users beyond a key's daily allowance are summed under this value (not a valid tag). */
export const OTHER_ATTRIBUTION = '(other)';

/**
 * Usage per UTC day x api key x provider x model x tag x end user. An event adds to one row per
 * tag it carries ('' when none) and to one row with tag '*', which counts it once: reports that
 * do not group or filter by tag read only the '*' rows, so their totals match usage_rollups.
 * Per key and day, only the first `attributionLimit` distinct tags and end users (tracked in
 * usage_attribution_values) get their own value; the rest are summed as '(other)', so random
 * tags from a client cannot grow this table without bound. '' means no end user / no tag.
 */
export const usageAttributionRollups = pgTable(
  'usage_attribution_rollups',
  {
    day: timestamptz('day').notNull(),
    apiKeyId: text('api_key_id').notNull().default(''),
    providerId: text('provider_id').notNull().default(''),
    model: text('model').notNull(),
    tag: text('tag').notNull(),
    endUser: text('end_user').notNull(),
    requests: counter('requests'),
    errors: counter('errors'),
    inputTokens: counter('input_tokens'),
    cachedInputTokens: counter('cached_input_tokens'),
    cacheWriteTokens: counter('cache_write_tokens'),
    outputTokens: counter('output_tokens'),
    reasoningTokens: counter('reasoning_tokens'),
    costMicros: microDollars('cost_micros').notNull().default(0),
    costPicos: counter('cost_picos'),
    unpricedRequests: counter('unpriced_requests'),
    // What the cache hits would have cost more at the uncached input price (exact, like cost_picos).
    cacheSavingsPicos: counter('cache_savings_picos'),
  },
  (table) => [
    primaryKey({
      name: 'usage_attribution_rollups_pkey',
      columns: [table.day, table.apiKeyId, table.providerId, table.model, table.tag, table.endUser],
    }),
  ],
);

/**
 * The tags and end users that have their own rollup value, per UTC day and api key: at most the
 * attribution limit of each dimension (`tag`, `user`), the first seen that day.
 */
export const usageAttributionValues = pgTable(
  'usage_attribution_values',
  {
    day: timestamptz('day').notNull(),
    apiKeyId: text('api_key_id').notNull(),
    dimension: text('dimension', { enum: ['tag', 'user'] }).notNull(),
    value: text('value').notNull(),
  },
  (table) => [
    primaryKey({
      name: 'usage_attribution_values_pkey',
      columns: [table.day, table.apiKeyId, table.dimension, table.value],
    }),
  ],
);
