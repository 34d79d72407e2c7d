import type { UsageSent } from '../recorded-request';

/**
 * The final `usageMetadata`: `candidatesTokenCount` excludes thoughts, which Gemini reports as
 * `thoughtsTokenCount`; cached prompt tokens are part of `promptTokenCount`.
 */
export function geminiUsageMetadata(usage: UsageSent): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - usage.reasoningTokens,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens > 0) metadata.cachedContentTokenCount = usage.cachedInputTokens;
  metadata.promptTokensDetails = [{ modality: 'TEXT', tokenCount: usage.inputTokens }];
  if (usage.reasoningTokens > 0) metadata.thoughtsTokenCount = usage.reasoningTokens;
  return metadata;
}

/** What the chunks before the last carry: the prompt count only. */
export function geminiPartialUsageMetadata(usage: UsageSent): Record<string, unknown> {
  return {
    promptTokenCount: usage.inputTokens,
    totalTokenCount: usage.inputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.inputTokens }],
  };
}
