import type { TokenUsage } from '@switchboard/protocol';
import type { GeminiUsageMetadata } from './gemini-api';

/**
 * Gemini's usageMetadata as TokenUsage. Gemini counts thinking apart from the visible answer
 * (`thoughtsTokenCount`) but bills it as output, so both go into outputTokens. Cached content is
 * already part of `promptTokenCount`. Prompt tokens that built-in tools add are billed as input.
 */
export function convertGeminiUsage(metadata: GeminiUsageMetadata): TokenUsage {
  const thoughts = metadata.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0),
    cachedInputTokens: metadata.cachedContentTokenCount ?? 0,
    cacheWriteTokens: 0,
    outputTokens: (metadata.candidatesTokenCount ?? 0) + thoughts,
    reasoningTokens: thoughts,
  };
}
