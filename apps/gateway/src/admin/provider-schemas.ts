import { modelConfigSchema, priceSchema, providerConfigSchema } from '@switchboard/providers';
import { z } from 'zod';

// Bodies of the provider routes: the config file's provider shape, minus `apiKeyEnv` (keys are
// added through /keys, never named by environment variable over HTTP).

// Postgres keeps token counts in 32-bit integers and prices as integer micro-dollars (exact below
// 2^53), so larger values are refused here, as a 400 naming the field, rather than as a failed insert.
const largestTokenCount = 2_147_483_647;
const largestUsdPerMillionTokens = 1_000_000_000;
const usdPerMillionTokens = z.number().nonnegative().max(largestUsdPerMillionTokens);
const tokenCount = z.number().int().positive().max(largestTokenCount);

const storablePriceSchema = priceSchema.extend({
  input: usdPerMillionTokens,
  cachedInput: usdPerMillionTokens.optional(),
  cacheWrite: usdPerMillionTokens.optional(),
  output: usdPerMillionTokens,
});

const storableModelSchema = modelConfigSchema.extend({
  price: storablePriceSchema.optional(),
  contextWindow: tokenCount.optional(),
  maxOutputTokens: tokenCount.optional(),
  defaultOutputTokens: tokenCount.optional(),
});

export const createProviderSchema = providerConfigSchema.omit({ apiKeyEnv: true }).extend({
  adapter: providerConfigSchema.shape.adapter.unwrap(),
  baseUrl: providerConfigSchema.shape.baseUrl.unwrap(),
  models: z.array(storableModelSchema).default([]),
});

export const updateProviderSchema = providerConfigSchema
  .omit({ apiKeyEnv: true, id: true })
  .extend({
    models: z.array(storableModelSchema),
    // null removes the provider's Anthropic endpoint, its reasoning control or its Responses flag.
    anthropicBaseUrl: providerConfigSchema.shape.anthropicBaseUrl.unwrap().nullable(),
    reasoningControl: providerConfigSchema.shape.reasoningControl.unwrap().nullable(),
    responsesApi: providerConfigSchema.shape.responsesApi.unwrap().nullable(),
  })
  .partial();

export type CreateProviderBody = z.infer<typeof createProviderSchema>;
export type UpdateProviderBody = z.infer<typeof updateProviderSchema>;
