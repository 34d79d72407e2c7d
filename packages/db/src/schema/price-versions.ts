import { index, jsonb, numeric, pgTable, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { timestamptz } from '../timestamptz';

export const priceVersionSources = ['built-in', 'config-file', 'admin', 'import'] as const;
export type PriceVersionSource = (typeof priceVersionSources)[number];

/** Prices of a schedule window or a long-context tier: USD per 1M tokens as decimal strings, absent = the version's. */
export type PriceVersionPriceSet = Partial<
  Record<
    'input' | 'cachedInput' | 'cacheWrite5m' | 'cacheWrite1h' | 'output' | 'audioInput' | 'audioOutput' | 'reasoning',
    string
  >
>;

export interface PriceVersionSchedule {
  name?: string;
  days?: ('sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat')[];
  from: string;
  until: string;
  usdPerMillion: PriceVersionPriceSet;
}

export interface PriceVersionTier {
  aboveInputTokens: number;
  usdPerMillion: PriceVersionPriceSet;
}

/** USD per 1M tokens, exact to a millionth of a dollar (the finest published price has four decimals). */
function usdPerMillion(name: string) {
  return numeric(name, { precision: 18, scale: 6 });
}

/**
 * One price of one model from effective_from (inclusive) to effective_until (exclusive, open when
 * null). Rows are never updated: a change is a new version, so every usage event's
 * price_version_id keeps explaining its cost. No foreign key to provider_models: a version
 * outlives the model it priced, like the usage that names it.
 */
export const priceVersions = pgTable(
  'price_versions',
  {
    id: text('id').primaryKey(),
    providerId: text('provider_id').notNull(),
    modelId: text('model_id').notNull(),
    effectiveFrom: timestamptz('effective_from').notNull(),
    effectiveUntil: timestamptz('effective_until'),
    source: text('source', { enum: priceVersionSources }).notNull(),
    input: usdPerMillion('input').notNull(),
    cachedInput: usdPerMillion('cached_input'),
    cacheWrite5m: usdPerMillion('cache_write_5m'),
    cacheWrite1h: usdPerMillion('cache_write_1h'),
    output: usdPerMillion('output').notNull(),
    audioInput: usdPerMillion('audio_input'),
    audioOutput: usdPerMillion('audio_output'),
    reasoning: usdPerMillion('reasoning'),
    tiers: jsonb('tiers').$type<PriceVersionTier[]>().notNull().default([]),
    schedules: jsonb('schedules').$type<PriceVersionSchedule[]>().notNull().default([]),
    note: text('note'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('price_versions_model_index').on(table.providerId, table.modelId, table.effectiveFrom),
    checkOneOf('price_versions_source_check', table.source, priceVersionSources),
  ],
);

export type PriceVersionRow = typeof priceVersions.$inferSelect;
export type NewPriceVersionRow = typeof priceVersions.$inferInsert;
