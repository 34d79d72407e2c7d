import type { UsageSent } from '../recorded-request';

/** Anthropic's `input_tokens` excludes prompt-cache reads, which are reported beside it. */
export function anthropicUsage(usage: UsageSent, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens - usage.cachedInputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cachedInputTokens,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}
