import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { microDollars } from '../micro-dollars';
import { timestamptz } from '../timestamptz';

/**
 * One row per gateway request, including failed, aborted and fallen-back ones. The request id is
 * the gateway's own (`req_...`, never a client's) and the primary key, so a redelivered queue job
 * inserts nothing (ON CONFLICT DO NOTHING) while every request is a row of its own. No foreign
 * keys: usage must outlive the keys and providers it names, and inserts stay cheap.
 */
export const usageEvents = pgTable(
  'usage_events',
  {
    requestId: text('request_id').primaryKey(),
    // The client's own `x-request-id`, kept to search by: any key may reuse any value, so it is
    // neither unique nor trusted as an identity.
    clientRequestId: text('client_request_id'),
    occurredAt: timestamptz('occurred_at').notNull(),
    apiKeyId: text('api_key_id'),
    // The team the key belonged to when the request ran: a key moved later leaves this history here.
    teamId: text('team_id'),
    requestedModel: text('requested_model').notNull(),
    // The catalog model that served (the requested one when none did): what rollups group by,
    // so an alias or a `:floor` suffix is billed under the model that really ran.
    model: text('model').notNull(),
    // The provider and model that answered (the last attempt); null when none was tried.
    providerId: text('provider_id'),
    upstreamModel: text('upstream_model'),
    endpoint: text('endpoint').notNull(),
    stream: boolean('stream').notNull(),
    outcome: text('outcome').notNull(),
    attempts: integer('attempts').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    cachedInputTokens: integer('cached_input_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    // The part of the cache writes with the 1-hour lifetime (Anthropic bills them at 2x input, not 1.25x).
    cacheWrite1hTokens: integer('cache_write_1h_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    reasoningTokens: integer('reasoning_tokens').notNull().default(0),
    costMicros: microDollars('cost_micros').notNull().default(0),
    // The exact cost in pico-dollars (tokens x micro-dollars per 1M): what rollups sum, so tiny
    // requests add up to what they cost instead of rounding to 0 one by one.
    costPicos: bigint('cost_picos', { mode: 'number' }).notNull().default(0),
    // What its cache hits saved: the cost with the cached tokens at the input price, minus cost_picos.
    cacheSavingsPicos: bigint('cache_savings_picos', { mode: 'number' }).notNull().default(0),
    // The price version that priced it (price_versions.id); null when none did (unpriced).
    priceVersionId: text('price_version_id'),
    // Served without a price: billed 0, shown so it is never mistaken for free.
    unpriced: boolean('unpriced').notNull().default(false),
    // What prompt-cache reads saved against the same tokens uncached.
    cacheSavingsMicros: microDollars('cache_savings_micros').notNull().default(0),
    // True when tokens were counted locally because the upstream reported no usage.
    estimated: boolean('estimated').notNull().default(false),
    // The provider reported more than the budget reservation held: recorded in full, and the
    // key's budget window closed.
    overage: boolean('overage').notNull().default(false),
    // Why, when estimated: `no_usage_reported`, or `invalid_usage: <field> <reason>, ...` when
    // the provider's counts were unusable (see sanitizeTokenUsage).
    estimatedReason: text('estimated_reason'),
    latencyMs: integer('latency_ms').notNull(),
    firstTokenMs: integer('first_token_ms'),
    errorCode: text('error_code'),
    // The provider's own id for its answer: the body id a client holds after a passthrough
    // (`resp_...`, `msg_...`, `chatcmpl-...`), searched by the generation lookup.
    upstreamId: text('upstream_id'),
    // The request's validated tags (`x-switchboard-tags`, `metadata.tags`): at most 10 slugs of
    // at most 64 characters each, so a hostile client cannot make a row large.
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    // The end user the client named (`user`, `safety_identifier`, Anthropic `metadata.user_id`).
    endUser: text('end_user'),
  },
  (table) => [
    index('usage_events_occurred_at_index').on(table.occurredAt),
    index('usage_events_api_key_id_occurred_at_index').on(table.apiKeyId, table.occurredAt),
    index('usage_events_team_id_occurred_at_index').on(table.teamId, table.occurredAt),
    index('usage_events_client_request_id_index').on(table.clientRequestId),
    index('usage_events_upstream_id_index').on(table.upstreamId),
  ],
);

export type UsageEventRow = typeof usageEvents.$inferSelect;
export type NewUsageEventRow = typeof usageEvents.$inferInsert;
