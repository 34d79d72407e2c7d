import type { TokenUsage } from '@switchboard/protocol';
import type { AnthropicUsage } from './anthropic-api';

/**
 * Anthropic counts cache reads and cache writes apart from `input_tokens`; TokenUsage counts all
 * input together and names the cached and written parts. The writes' split by lifetime
 * (`cache_creation.ephemeral_1h_input_tokens`, billed at 2x the input price against 1.25x for
 * the 5-minute ones) is kept as cacheWrite1hTokens; the total stays cache_creation_input_tokens,
 * or the sum of the split when only the split came. Anthropic does not report thinking tokens
 * separately, so they stay inside outputTokens.
 */
export function convertAnthropicUsage(usage: Partial<AnthropicUsage> | undefined): TokenUsage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const split = usage?.cache_creation;
  const oneHour = count(split?.ephemeral_1h_input_tokens);
  const fiveMinutes = count(split?.ephemeral_5m_input_tokens);
  const cacheWrite =
    typeof usage?.cache_creation_input_tokens === 'number' ? count(usage.cache_creation_input_tokens) : oneHour + fiveMinutes;
  const converted: TokenUsage = {
    inputTokens: count(usage?.input_tokens) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(usage?.output_tokens),
    reasoningTokens: 0,
  };
  if (oneHour > 0) converted.cacheWrite1hTokens = oneHour;
  return converted;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
