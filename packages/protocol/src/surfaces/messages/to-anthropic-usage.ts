import type { TokenUsage } from '../../token-usage';
import type { AnthropicUsage } from './anthropic-messages-types';

/**
 * TokenUsage counts every input token in `inputTokens`, cached reads and cache writes included;
 * Anthropic counts them apart, so `input_tokens` is what is left. Reasoning tokens stay inside
 * `output_tokens`, as Anthropic reports thinking.
 */
export function toAnthropicUsage(usage: TokenUsage): AnthropicUsage {
  const cacheRead = usage.cachedInputTokens;
  const cacheWrite = usage.cacheWriteTokens;
  return {
    // A provider that reports more cached tokens than input tokens must not produce a negative count.
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
  };
}
