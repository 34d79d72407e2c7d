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

/** Where a price was read: the page and the day (or month) it was read on. */
export const priceSourceSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  checkedAt: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'a date YYYY-MM-DD (or YYYY-MM)'),
  official: z.boolean().optional(),
});

export const modelConfigSchema = z.strictObject({
  id: z.string().min(1),
  upstream: z.string().min(1).optional(),
  kind: z.enum(['chat', 'embedding']).optional(),
  price: priceSchema.optional(),
  priceSource: priceSourceSchema.optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  defaultOutputTokens: z.number().int().positive().optional(),
  capabilities: z
    .strictObject({
      tools: z.boolean().optional(),
      vision: z.boolean().optional(),
      jsonMode: z.boolean().optional(),
      reasoning: z.boolean().optional(),
      // A relative path only (`completions`, `../beta/completions`): it cannot leave the
      // provider's origin, so the key never goes to a host the base URL does not name.
      legacyCompletions: z
        .string()
        .regex(
          /^(\.\.\/)*[A-Za-z0-9_~-][A-Za-z0-9._~-]*(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*$/,
          'a relative path such as "completions" or "../beta/completions"',
        )
        .optional(),
    })
    .optional(),
});

export const providerConfigSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, "-" and "_", starting with a letter or digit'),
  name: z.string().optional(),
  adapter: z.enum(['openai-compatible', 'anthropic', 'gemini', 'azure-openai', 'bedrock', 'vertex']).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
    .optional(),
  apiVersion: z.string().optional(),
  // Sent on every upstream request: a control character would fail each one (or split the header).
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name'),
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
      z.string().regex(/^[^\u0000-\u001f\u007f]*$/, 'a header value without control characters'),
    )
    .optional(),
  /** The provider's Anthropic Messages endpoint beside its own (DeepSeek's `/anthropic`). */
  anthropicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  reasoningControl: z.enum(['deepseek-thinking', 'reasoning-effort']).optional(),
  /** The provider serves OpenAI's Responses API beside its chat endpoint. */
  responsesApi: z.boolean().optional(),
  /** Bedrock's AWS region (`us-east-1`). */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as us-east-1')
    .optional(),
  /** Vertex's Google Cloud project id. */
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a Google Cloud project id')
    .optional(),
  /** Vertex's location (`us-central1`, `europe-west4`, `global`). */
  location: z
    .string()
    .regex(/^([a-z]+-[a-z]+\d+|global)$/, 'a Vertex location such as us-central1 or global')
    .optional(),
  priceSource: priceSourceSchema.optional(),
  keyOptional: z.boolean().optional(),
  /** Where it processes requests (`eu`, `us`), for `provider.regions`. */
  regions: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a lowercase tag')).optional(),
  /** What its terms promise (`zdr`, `no-training`), for `provider.data_policies`. */
  dataPolicies: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a lowercase tag')).optional(),
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
  /**
   * Retired model names (added to the built-in ones; the same provider and name replaces one):
   * served as an alias of the replacement, with Deprecation and Sunset headers.
   */
  retirements: z
    .array(
      z.strictObject({
        model: z.string().min(1),
        provider: z.string().min(1),
        retiredAt: z.iso.datetime({ offset: true }),
        replacement: z.string().min(1),
        thinking: z.enum(['enabled', 'disabled']).optional(),
      }),
    )
    .optional(),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
export type CatalogProviderConfig = z.infer<typeof providerConfigSchema>;
