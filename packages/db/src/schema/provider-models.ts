import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { microDollars } from '../micro-dollars';
import { providers } from './providers';

export const providerModelKinds = ['chat', 'embedding'] as const;
export type ProviderModelKind = (typeof providerModelKinds)[number];

/** What a model can do; the same shape as the catalog's ModelCapabilities. */
export interface ProviderModelCapabilities {
  tools?: boolean;
  vision?: boolean;
  jsonMode?: boolean;
  reasoning?: boolean;
  /** The path of the model's native legacy `/completions` endpoint, relative to the base URL. */
  legacyCompletions?: string;
}

/**
 * A model a provider serves. Prices are integer micro-dollars per million tokens ($0.14 per 1M is
 * 140000); null means unknown, so cost falls back to an estimate rather than to zero.
 */
export const providerModels = pgTable(
  'provider_models',
  {
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    // The name clients use, unique within its provider.
    modelId: text('model_id').notNull(),
    // The name the upstream expects (an Azure deployment name for azure-openai).
    upstream: text('upstream').notNull(),
    kind: text('kind', { enum: providerModelKinds }).notNull().default('chat'),
    inputPriceMicros: microDollars('input_price_micros'),
    cachedInputPriceMicros: microDollars('cached_input_price_micros'),
    cacheWritePriceMicros: microDollars('cache_write_price_micros'),
    outputPriceMicros: microDollars('output_price_micros'),
    contextWindow: integer('context_window'),
    maxOutputTokens: integer('max_output_tokens'),
    // Output tokens sent as max_tokens when a budgeted key sets none (DESIGN contract 3).
    defaultOutputTokens: integer('default_output_tokens'),
    capabilities: jsonb('capabilities').$type<ProviderModelCapabilities>().notNull().default({}),
  },
  (table) => [
    primaryKey({ name: 'provider_models_pkey', columns: [table.providerId, table.modelId] }),
    checkOneOf('provider_models_kind_check', table.kind, providerModelKinds),
  ],
);

export type ProviderModelRow = typeof providerModels.$inferSelect;
export type NewProviderModelRow = typeof providerModels.$inferInsert;
