import { usdToMicros } from '@switchboard/db';
import type { ModelPrice, TokenUsage } from '@switchboard/protocol';

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * The cost of a request in integer micro-dollars from the provider's reported tokens and the
 * model's list price (USD per 1M tokens). Cached input is billed at the cached price, cache writes
 * at the cache-write price, the rest of the input at the input price, output (reasoning included)
 * at the output price. Prices are turned into integer micro-dollars first and the sum is rounded
 * once, so no float ever enters the money arithmetic. A model without a price costs 0.
 */
export function computeCostMicros(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const input = usdToMicros(price.input);
  const cachedInput = usdToMicros(price.cachedInput ?? price.input);
  const cacheWrite = usdToMicros(price.cacheWrite ?? price.input);
  const output = usdToMicros(price.output);
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const numerator =
    BigInt(uncached) * BigInt(input) +
    BigInt(usage.cachedInputTokens) * BigInt(cachedInput) +
    BigInt(usage.cacheWriteTokens) * BigInt(cacheWrite) +
    BigInt(usage.outputTokens) * BigInt(output);
  // Round half up to the nearest micro-dollar.
  return Number((numerator * 2n + BigInt(TOKENS_PER_PRICE_UNIT)) / BigInt(2 * TOKENS_PER_PRICE_UNIT));
}
