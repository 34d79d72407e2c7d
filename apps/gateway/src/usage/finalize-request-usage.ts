import type { TokenUsage } from '@switchboard/protocol';
import { computeCostMicros } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';

/** Characters per token for the local estimate: the usual rule of thumb for English text and code. */
const CHARACTERS_PER_TOKEN = 4;

/**
 * Fixes a finished request's usage and cost once, for the budget settlement, the usage event and
 * the metrics alike: the provider's report when one came, else (a stream cut, a client that left
 * after a provider was called, which still costs money) an estimate from the prompt estimate and
 * the characters delivered, marked as estimated. Without a provider call nothing is charged.
 */
export function finalizeRequestUsage(record: RequestRecord): void {
  let usage: TokenUsage | undefined = record.usage;
  if (!usage && record.attempts > 0 && record.servedPrice !== undefined) {
    record.usageEstimated = true;
    usage = {
      inputTokens: record.estimatedInputTokens ?? 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: Math.ceil((record.deliveredCharacters ?? 0) / CHARACTERS_PER_TOKEN),
      reasoningTokens: 0,
    };
    record.usage = usage;
  }
  // A whole answer already priced its reported usage (to show usage.cost); do not price it twice.
  if (record.costMicros !== undefined && !record.usageEstimated) return;
  record.costMicros = usage ? computeCostMicros(usage, record.servedPrice) : 0;
}
