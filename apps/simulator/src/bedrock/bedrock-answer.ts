import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';

/** Everything one Converse answer is built from. */
export interface BedrockAnswer {
  toolUseId: string;
  template: AnswerTemplate;
  usage: UsageSent;
  /** Claude on Bedrock asked for thinking (`additionalModelRequestFields.thinking`): reasoning goes on the wire, signed. */
  thinking: boolean;
}

/** A made-up signature for the simulator's reasoning blocks (Bedrock's are opaque base64). */
export const SIMULATED_REASONING_SIGNATURE = 'c2ltdWxhdGVkLXJlYXNvbmluZy1zaWduYXR1cmU=';

/** Converse's `usage`: input without the cache reads, which are reported apart (as Anthropic does). */
export function bedrockUsage(usage: UsageSent) {
  const cacheRead = usage.cachedInputTokens;
  const input = usage.inputTokens - cacheRead;
  return {
    inputTokens: input,
    outputTokens: usage.outputTokens,
    totalTokens: usage.inputTokens + usage.outputTokens,
    cacheReadInputTokens: cacheRead,
    cacheWriteInputTokens: 0,
  };
}
