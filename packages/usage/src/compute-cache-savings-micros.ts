import type { ModelPrice, TokenUsage } from '@switchboard/protocol';
import { computeCostMicros } from './compute-cost-micros';

/**
 * What reading from the provider's prompt cache saved, in integer micro-dollars: the cost of the
 * same usage with the cached tokens billed as plain input, less the real cost. Cache writes are
 * priced the same on both sides (their premium buys the reads of later turns), so this is the
 * saving of the reads alone. Through computeCostMicros, so whatever prices that function applies
 * apply here too.
 */
export function computeCacheSavingsMicros(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price || usage.cachedInputTokens <= 0) return 0;
  return Math.max(0, computeCostMicros({ ...usage, cachedInputTokens: 0 }, price) - computeCostMicros(usage, price));
}
