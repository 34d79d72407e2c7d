import type { TokenUsage } from '@switchboard/protocol';
import { computeCostMicros, estimateTextTokens } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';
import { estimatePromptTokens } from './estimate-prompt-tokens';

/**
 * The tokens of a request whose provider was called but reported no usage: the prompt through a
 * tokenizer (the router's cheap estimate when the prompt is not at hand) and the text delivered
 * to the client through the same tokenizer.
 */
async function estimateUsage(record: RequestRecord): Promise<TokenUsage> {
  const prompt = record.promptForEstimate;
  const [inputTokens, outputTokens] = await Promise.all([
    prompt ? estimatePromptTokens(prompt.messages, prompt.tools) : (record.estimatedInputTokens ?? 0),
    estimateTextTokens(record.deliveredSample ?? '', record.deliveredCharacters ?? 0),
  ]);
  return { inputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens, reasoningTokens: 0 };
}

function price(record: RequestRecord, usage: TokenUsage | undefined): void {
  // A whole answer already priced its reported usage together with it (to show usage.cost).
  if (record.costMicros !== undefined) return;
  record.costMicros = usage ? computeCostMicros(usage, record.servedPrice) : 0;
}

/**
 * Fixes a finished request's usage and cost once, for the budget settlement, the usage event and
 * the metrics alike: the provider's report when one came, else (a stream cut, a client that left
 * after a provider was called, which still costs money) a tokenizer estimate, marked as
 * estimated. Without a provider call nothing is charged. Synchronous unless it must estimate.
 */
export function finalizeRequestUsage(record: RequestRecord): Promise<void> | undefined {
  if (record.usage || record.attempts === 0 || record.servedPrice === undefined) {
    price(record, record.usage);
    return undefined;
  }
  record.usageEstimated = true;
  return estimateUsage(record).then((usage) => {
    record.usage = usage;
    price(record, usage);
  });
}
