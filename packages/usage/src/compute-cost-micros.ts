import { usdToMicros } from '@switchboard/db';
import type { ModelPrice, TokenUsage } from '@switchboard/protocol';

const TOKENS_PER_PRICE_UNIT = 1_000_000;
const HALF_UNIT_TWICE = 2 * TOKENS_PER_PRICE_UNIT;

// Prices repeat on every request; converting one costs a string round trip and BigInts. A catalog
// holds a few hundred distinct prices, so the bound only guards against a pathological config.
const microsByUsd = new Map<number, number>();
const MAX_CACHED_PRICES = 10_000;

function priceMicros(usd: number): number {
  let micros = microsByUsd.get(usd);
  if (micros === undefined) {
    micros = usdToMicros(usd);
    if (microsByUsd.size < MAX_CACHED_PRICES) microsByUsd.set(usd, micros);
  }
  return micros;
}

/**
 * The cost of a request in integer micro-dollars from the provider's reported tokens and the
 * model's list price (USD per 1M tokens). Cached input is billed at the cached price, cache writes
 * at the cache-write price, the rest of the input at the input price, output (reasoning included)
 * at the output price. Prices are turned into integer micro-dollars first and the sum is rounded
 * once, half up, so no float ever enters the money arithmetic: plain numbers while every product
 * and the doubled sum are integers below 2^53 (where doubles are exact), BigInts beyond. A model
 * without a price costs 0.
 */
export function computeCostMicros(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const input = priceMicros(price.input);
  const cachedInput = priceMicros(price.cachedInput ?? price.input);
  const cacheWrite = priceMicros(price.cacheWrite ?? price.input);
  const output = priceMicros(price.output);
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const terms = [
    uncached * input,
    usage.cachedInputTokens * cachedInput,
    usage.cacheWriteTokens * cacheWrite,
    usage.outputTokens * output,
  ];
  const doubled = 2 * (terms[0]! + terms[1]! + terms[2]! + terms[3]!) + TOKENS_PER_PRICE_UNIT;
  if (Number.isSafeInteger(doubled) && terms.every(Number.isSafeInteger)) {
    return (doubled - (doubled % HALF_UNIT_TWICE)) / HALF_UNIT_TWICE;
  }
  const numerator =
    BigInt(uncached) * BigInt(input) +
    BigInt(usage.cachedInputTokens) * BigInt(cachedInput) +
    BigInt(usage.cacheWriteTokens) * BigInt(cacheWrite) +
    BigInt(usage.outputTokens) * BigInt(output);
  return Number((numerator * 2n + BigInt(TOKENS_PER_PRICE_UNIT)) / BigInt(HALF_UNIT_TWICE));
}
