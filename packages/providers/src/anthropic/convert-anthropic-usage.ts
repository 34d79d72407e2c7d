import type { TokenUsage } from '@switchboard/protocol';
import type { AnthropicUsage } from './anthropic-api';

/**
 * Anthropic counts cache reads and cache writes apart from `input_tokens`; TokenUsage counts all
 * input together and names the cached and written parts. Anthropic does not report thinking
 * tokens separately, so they stay inside outputTokens.
 */
export function convertAnthropicUsage(usage: Partial<AnthropicUsage> | undefined): TokenUsage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const cacheWrite = count(usage?.cache_creation_input_tokens);
  return {
    inputTokens: count(usage?.input_tokens) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(usage?.output_tokens),
    reasoningTokens: 0,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
