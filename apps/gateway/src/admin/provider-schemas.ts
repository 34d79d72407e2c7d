import { modelConfigSchema, providerConfigSchema } from '@switchboard/providers';
import { z } from 'zod';

// Bodies of the provider routes: the config file's provider shape, minus `apiKeyEnv` (keys are
// added through /keys, never named by environment variable over HTTP).

export const createProviderSchema = providerConfigSchema.omit({ apiKeyEnv: true }).extend({
  adapter: providerConfigSchema.shape.adapter.unwrap(),
  baseUrl: providerConfigSchema.shape.baseUrl.unwrap(),
  models: z.array(modelConfigSchema).default([]),
});

export const updateProviderSchema = providerConfigSchema.omit({ apiKeyEnv: true, id: true }).partial();

export type CreateProviderBody = z.infer<typeof createProviderSchema>;
export type UpdateProviderBody = z.infer<typeof updateProviderSchema>;
