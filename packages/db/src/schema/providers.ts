import { boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { timestamptz } from '../timestamptz';

/** The wire formats an upstream can speak; each has one adapter in @switchboard/providers. */
export const providerAdapters = ['openai-compatible', 'anthropic', 'gemini', 'azure-openai', 'bedrock', 'vertex'] as const;
export type ProviderAdapter = (typeof providerAdapters)[number];

/** How an openai-compatible provider takes the thinking switch (see CatalogProvider.reasoningControl). */
export const providerReasoningControls = ['deepseek-thinking', 'reasoning-effort'] as const;
export type ProviderReasoningControl = (typeof providerReasoningControls)[number];

/** An upstream service (`deepseek`, `openai`, a local vLLM, ...), keyed by its slug. */
export const providers = pgTable(
  'providers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    adapter: text('adapter', { enum: providerAdapters }).notNull(),
    baseUrl: text('base_url').notNull(),
    // Azure's api-version query value or Anthropic's anthropic-version header.
    apiVersion: text('api_version'),
    // A second endpoint of this provider speaking the Anthropic Messages format (DeepSeek's
    // /anthropic): same keys, same breaker, chosen for requests on the Messages surface.
    anthropicBaseUrl: text('anthropic_base_url'),
    reasoningControl: text('reasoning_control', { enum: providerReasoningControls }),
    // The provider serves OpenAI's Responses API (OpenAI, Azure): Responses requests pass through.
    // Null is absent, as in the catalog: translated to chat.
    responsesApi: boolean('responses_api'),
    // Bedrock's AWS region; Vertex's project and location (the cloud's own placement of a model).
    region: text('region'),
    project: text('project'),
    location: text('location'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    // Local servers (Ollama, vLLM) accept requests without a key.
    keyOptional: boolean('key_optional').notNull().default(false),
    // Region and data-policy tags (`eu`, `zdr`) that request preferences filter on.
    regions: jsonb('regions').$type<string[]>().notNull().default([]),
    dataPolicies: jsonb('data_policies').$type<string[]>().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    // The fields the config file names (DESIGN.md contract 5): `enabled`, `headers`, or
    // `models/<model id>/<field>`. Read-only elsewhere; every other field belongs to the database.
    fileOwnedFields: text('file_owned_fields').array().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [
    checkOneOf('providers_adapter_check', table.adapter, providerAdapters),
    checkOneOf('providers_reasoning_control_check', table.reasoningControl, providerReasoningControls),
  ],
);

export type ProviderRow = typeof providers.$inferSelect;
export type NewProviderRow = typeof providers.$inferInsert;
