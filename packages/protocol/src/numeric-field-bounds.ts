/**
 * The bounds the gateway holds client numeric fields to, on every surface, before anything is
 * reserved or forwarded. The floors are the providers' own (0 only where a provider accepts 0);
 * the ceilings are far above any model's window and keep budget arithmetic in safe integers,
 * the provider still judges a value inside them against the model.
 */
export const NUMERIC_FIELD_BOUNDS = {
  /** max_tokens, max_completion_tokens, max_output_tokens: 2^24, above every model's output window. */
  outputTokens: { minimum: 1, maximum: 16_777_216 },
  /** Anthropic thinking.budget_tokens: below max_tokens in practice, so the same ceiling. */
  thinkingBudgetTokens: { minimum: 1, maximum: 16_777_216 },
  /** Chat `n`: OpenAI accepts 1..128. */
  choices: { minimum: 1, maximum: 128 },
  /** top_logprobs: OpenAI accepts 0..20. */
  topLogprobs: { minimum: 0, maximum: 20 },
  /** Anthropic top_k: 0 or more. */
  topK: { minimum: 0, maximum: 1_000_000 },
  /** Embeddings `dimensions`: 1 or more; the largest model today has 3,072. */
  dimensions: { minimum: 1, maximum: 65_536 },
} as const;

export interface IntegerBounds {
  minimum: number;
  maximum: number;
}
