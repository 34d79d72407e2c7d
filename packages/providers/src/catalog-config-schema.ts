import { z } from 'zod';

// The shape users write in SWITCHBOARD_CONFIG (JSON or YAML). Strict objects, so a typo such as
// `baseURL` is reported instead of silently ignored.

export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  cacheWrite1h: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
  audioInput: z.number().nonnegative().optional(),
  audioOutput: z.number().nonnegative().optional(),
  reasoning: z.number().nonnegative().optional(),
});

export const modelConfigSchema = z.strictObject({
  id: z.string().min(1),
  upstream: z.string().min(1).optional(),
  kind: z.enum(['chat', 'embedding']).optional(),
  price: priceSchema.optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: z
    .strictObject({
      tools: z.boolean().optional(),
      vision: z.boolean().optional(),
      jsonMode: z.boolean().optional(),
      reasoning: z.boolean().optional(),
    })
    .optional(),
});

export const providerConfigSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, "-" and "_", starting with a letter or digit'),
  name: z.string().optional(),
  adapter: z.enum(['openai-compatible', 'anthropic', 'gemini', 'azure-openai']).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
    .optional(),
  apiVersion: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** The provider's Anthropic Messages endpoint beside its own (DeepSeek's `/anthropic`). */
  anthropicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  reasoningControl: z.enum(['deepseek-thinking', 'reasoning-effort']).optional(),
  /** The provider serves OpenAI's Responses API beside its chat endpoint. */
  responsesApi: z.boolean().optional(),
  keyOptional: z.boolean().optional(),
  enabled: z.boolean().optional(),
  models: z.array(modelConfigSchema).optional(),
});

export const catalogConfigSchema = z.strictObject({
  /** false: start from an empty catalog instead of the built-in providers. */
  builtInProviders: z.boolean().optional(),
  providers: z.array(providerConfigSchema).optional(),
  /**
   * Alias name or `*` pattern (`claude-sonnet-*`) -> ordered model references. Names are checked
   * by mergeCatalog, so an empty name or a lone `*` gets a message saying why.
   */
  aliases: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
export type CatalogProviderConfig = z.infer<typeof providerConfigSchema>;
