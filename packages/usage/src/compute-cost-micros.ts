import type { ModelPrice, TokenUsage } from '@switchboard/protocol';
import { computeCostPicos, picosToMicros, picosToMicrosCeiling } from './compute-cost-picos';
import { type PriceFormat, type PriceRates, ratesFromModelPrice } from './price-rates';

/**
 * The cost of a request in integer micro-dollars (half up, once) from its tokens and a catalog
 * price (USD per 1M tokens). The exact figure is computeCostPicos; this rounding is for the
 * budget ledger and the `usage.cost` a client sees, never for sums. A model without a price
 * costs 0 here: the caller flags it `unpriced`.
 */
export function computeCostMicros(usage: TokenUsage, price: ModelPrice | undefined, format: PriceFormat = 'other'): number {
  if (!price) return 0;
  return picosToMicros(computeCostPicos(usage, ratesFromModelPrice(price, format)));
}

/** The token counts a reservation prices: the same shape as TokenUsage, parts optional. */
export interface TokenCounts {
  inputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  cacheWrite1hTokens?: number;
  outputTokens: number;
  reasoningTokens?: number;
}

/**
 * What token counts will cost at most, in whole micro-dollars rounded up, for budget
 * reservations (the budgets work calls this): the same rates and splits as the bill, so cache
 * writes reserve at the write price, 1-hour writes at the 1-hour price.
 */
export function estimateCostMicros(counts: TokenCounts, rates: PriceRates): number {
  return picosToMicrosCeiling(
    computeCostPicos(
      {
        inputTokens: counts.inputTokens,
        cachedInputTokens: counts.cachedInputTokens ?? 0,
        cacheWriteTokens: counts.cacheWriteTokens ?? 0,
        cacheWrite1hTokens: counts.cacheWrite1hTokens,
        outputTokens: counts.outputTokens,
        reasoningTokens: counts.reasoningTokens ?? 0,
      },
      rates,
    ),
  );
}
