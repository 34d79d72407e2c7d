import type { TokenUsage, TokenUsageField } from '@switchboard/protocol';
import { computeCacheSavingsMicros, computeCostMicros, estimateTextTokens } from '@switchboard/usage';
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

/**
 * A report whose unusable counts sanitizeTokenUsage dropped: the input from the prompt, the
 * output from the text delivered, raised to cover the parts the provider did report usably
 * (cached input, reasoning). Other dropped parts stay 0: without them the input is billed at the
 * full input price, never below what the provider charges for it.
 */
async function estimateDropped(
  record: RequestRecord,
  usage: TokenUsage,
  dropped: readonly TokenUsageField[],
): Promise<TokenUsage> {
  const estimate = await estimateUsage(record);
  const repaired = { ...usage };
  if (dropped.includes('inputTokens')) {
    repaired.inputTokens = Math.max(estimate.inputTokens, usage.cachedInputTokens + usage.cacheWriteTokens);
  }
  if (dropped.includes('outputTokens')) repaired.outputTokens = Math.max(estimate.outputTokens, usage.reasoningTokens);
  return repaired;
}

/**
 * A stream that ended before its finish (cut by the upstream, failed, or left by its client),
 * whatever its wire format: the provider billed for what it generated, and the counts it reported
 * so far may be provisional (Anthropic's message_start carries the real input and a placeholder
 * output of 1 token; OpenAI-shaped and Responses streams report nothing before their last event;
 * Gemini's chunks carry counts so far). Each count billed is the larger of the provider's and the
 * gateway's estimate: the input from the prompt when none was reported, the output from the text,
 * reasoning and tool-call arguments delivered (and never below the reasoning the provider
 * reported). Cached and cache-write tokens the provider reported keep their own prices; without a
 * report nothing says what was cached, so the whole prompt is billed at the input price (the
 * bound that never under-bills). The event is always marked estimated, with the reason.
 */
async function estimateEndedEarly(record: RequestRecord, reported: TokenUsage | undefined): Promise<void> {
  const estimate = await estimateUsage(record);
  record.usageEstimated = true;
  if (!reported) {
    record.usageEstimateReason ??= 'no_usage_reported';
    record.usage = estimate;
  } else {
    record.usageEstimateReason ??= 'stream_ended_before_final_usage';
    const reportedInput = reported.inputTokens > 0;
    record.usage = {
      ...reported,
      inputTokens: reportedInput
        ? reported.inputTokens
        : Math.max(estimate.inputTokens, reported.cachedInputTokens + reported.cacheWriteTokens),
      outputTokens: Math.max(reported.outputTokens, estimate.outputTokens, reported.reasoningTokens),
    };
  }
  // Never priced yet (a whole answer never gets here); the bill is the raised counts.
  record.costMicros = undefined;
  price(record, record.usage);
}

function interruptedStream(record: RequestRecord): boolean {
  return record.stream === true && (record.outcome === 'stream_interrupted' || record.outcome === 'client_aborted');
}

function price(record: RequestRecord, usage: TokenUsage | undefined): void {
  // A whole answer already priced its reported usage together with it (to show usage.cost).
  if (record.costMicros !== undefined) return;
  record.costMicros = usage ? computeCostMicros(usage, record.servedPrice) : 0;
  record.cacheSavingsMicros = usage ? computeCacheSavingsMicros(usage, record.servedPrice) : 0;
}

/**
 * Fixes a finished request's usage and cost once, for the budget settlement, the usage event and
 * the metrics alike: the provider's report when one came (its unusable counts, dropped at the
 * adapter boundary, replaced by estimates), else (a stream cut, a client that left
 * after a provider was called, which still costs money) a tokenizer estimate, marked as
 * estimated. Without a provider call nothing is charged. Synchronous unless it must estimate.
 */
export function finalizeRequestUsage(record: RequestRecord): Promise<void> | undefined {
  const dropped = record.droppedUsageFields;
  const reported = record.usage;
  if (reported && dropped !== undefined && (dropped.includes('inputTokens') || dropped.includes('outputTokens'))) {
    return estimateDropped(record, reported, dropped).then((usage) => {
      record.usage = usage;
      // The whole answer priced the usable counts only; the bill covers the estimate too.
      record.costMicros = undefined;
      price(record, usage);
    });
  }
  // The one place every wire format's early end is billed (the translators only tally).
  if (interruptedStream(record) && record.attempts > 0 && record.servedPrice !== undefined) {
    return estimateEndedEarly(record, reported);
  }
  if (record.usage || record.attempts === 0 || record.servedPrice === undefined) {
    price(record, record.usage);
    return undefined;
  }
  record.usageEstimated = true;
  record.usageEstimateReason = 'no_usage_reported';
  return estimateUsage(record).then((usage) => {
    record.usage = usage;
    price(record, usage);
  });
}
