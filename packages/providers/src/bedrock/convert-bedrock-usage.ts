import type { TokenUsage } from '@switchboard/protocol';
import type { BedrockUsage } from './bedrock-api';

/**
 * Bedrock counts cache reads and writes apart from `inputTokens` (as Anthropic does);
 * TokenUsage counts all input together and names the cached and written parts. Reasoning is
 * not reported apart, so it stays inside outputTokens. The gateway's sanitiser checks the counts.
 */
export function convertBedrockUsage(usage: BedrockUsage | undefined): TokenUsage {
  const cacheRead = count(usage?.cacheReadInputTokens);
  const cacheWrite = count(usage?.cacheWriteInputTokens);
  return {
    inputTokens: count(usage?.inputTokens) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(usage?.outputTokens),
    reasoningTokens: 0,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
