import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { microDollars } from '../micro-dollars';
import { timestamptz } from '../timestamptz';

export const rollupGranularities = ['minute', 'hour', 'day'] as const;
export type RollupGranularity = (typeof rollupGranularities)[number];

/** A counter column: bigint because sums over days of traffic outgrow 2^31. */
function counter(name: string) {
  return bigint(name, { mode: 'number' }).notNull().default(0);
}

/**
 * Usage summed per time bucket x api key x provider x model, written by upserts that add to the
 * counts. A missing api key or provider is '' rather than NULL, because NULLs never conflict and
 * so would break ON CONFLICT on the primary key.
 */
export const usageRollups = pgTable(
  'usage_rollups',
  {
    granularity: text('granularity', { enum: rollupGranularities }).notNull(),
    bucketStart: timestamptz('bucket_start').notNull(),
    apiKeyId: text('api_key_id').notNull().default(''),
    // The team that paid at the time ('' for none).
    teamId: text('team_id').notNull().default(''),
    providerId: text('provider_id').notNull().default(''),
    model: text('model').notNull(),
    requests: counter('requests'),
    // Authenticated requests refused before any provider was called (402, 403, 429): beside
    // `requests`, never in it; usage_refusal_rollups has them by status and code.
    refused: counter('refused'),
    errors: counter('errors'),
    inputTokens: counter('input_tokens'),
    cachedInputTokens: counter('cached_input_tokens'),
    cacheWriteTokens: counter('cache_write_tokens'),
    outputTokens: counter('output_tokens'),
    reasoningTokens: counter('reasoning_tokens'),
    costMicros: microDollars('cost_micros').notNull().default(0),
    // The exact sum of the events' pico-dollar costs: reports round it to micro-dollars once.
    costPicos: counter('cost_picos'),
    // Requests served without a price (billed 0 until a price is set).
    unpricedRequests: counter('unpriced_requests'),
    cacheSavingsMicros: microDollars('cache_savings_micros').notNull().default(0),
    // What the cache hits would have cost more at the uncached input price (exact, like cost_picos).
    cacheSavingsPicos: counter('cache_savings_picos'),
  },
  (table) => [
    primaryKey({
      name: 'usage_rollups_pkey',
      columns: [table.granularity, table.bucketStart, table.apiKeyId, table.teamId, table.providerId, table.model],
    }),
    checkOneOf('usage_rollups_granularity_check', table.granularity, rollupGranularities),
  ],
);

export type UsageRollupRow = typeof usageRollups.$inferSelect;
export type NewUsageRollupRow = typeof usageRollups.$inferInsert;

/** Refused requests per time bucket x api key x team x status x error code (the detail behind `refused`). */
export const usageRefusalRollups = pgTable(
  'usage_refusal_rollups',
  {
    granularity: text('granularity', { enum: rollupGranularities }).notNull(),
    bucketStart: timestamptz('bucket_start').notNull(),
    apiKeyId: text('api_key_id').notNull(),
    teamId: text('team_id').notNull().default(''),
    status: integer('status').notNull(),
    code: text('code').notNull(),
    refused: counter('refused'),
  },
  (table) => [
    primaryKey({
      name: 'usage_refusal_rollups_pkey',
      columns: [table.granularity, table.bucketStart, table.apiKeyId, table.teamId, table.status, table.code],
    }),
    checkOneOf('usage_refusal_rollups_granularity_check', table.granularity, rollupGranularities),
  ],
);
