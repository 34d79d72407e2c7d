import { usdToMicros } from '@switchboard/db';
import type { ModelPrice } from '@switchboard/protocol';

/**
 * Whose defaults fill prices a version leaves out: Anthropic-format models take Anthropic's
 * published multipliers of the input price (cache reads 0.1x, 5-minute writes 1.25x, 1-hour
 * writes 2x); every other format bills a missing cached or write price at the input price
 * (DESIGN.md contract 7).
 */
export type PriceFormat = 'anthropic' | 'other';

/** The prices of one version, window or tier in micro-dollars per 1M tokens (= pico-dollars per token); absent means "default". */
export interface PriceFields {
  input?: number;
  cachedInput?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  output?: number;
  audioInput?: number;
  audioOutput?: number;
  reasoning?: number;
}

export const priceFieldNames = [
  'input',
  'cachedInput',
  'cacheWrite5m',
  'cacheWrite1h',
  'output',
  'audioInput',
  'audioOutput',
  'reasoning',
] as const satisfies readonly (keyof PriceFields)[];

/** Every price resolved, defaults applied: what computeCostPicos multiplies by. */
export interface PriceRates {
  input: number;
  cachedInput: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  audioInput: number;
  audioOutput: number;
  /** Absent: reasoning tokens are output tokens at the output price. */
  reasoning?: number;
}

/** A multiple of a price in micro-dollars per 1M, exact for whole results, else half up (below a pico-dollar per token). */
function times(micros: number, numerator: number, denominator: number): number {
  return Math.floor((micros * numerator * 2 + denominator) / (denominator * 2));
}

/** Fills the prices a version leaves out, by the model's wire format. `input` and `output` must be set. */
export function resolvePriceRates(fields: PriceFields & { input: number; output: number }, format: PriceFormat): PriceRates {
  const input = fields.input;
  const anthropic = format === 'anthropic';
  const cacheWrite5m = fields.cacheWrite5m ?? (anthropic ? times(input, 5, 4) : input);
  const rates: PriceRates = {
    input,
    cachedInput: fields.cachedInput ?? (anthropic ? times(input, 1, 10) : input),
    cacheWrite5m,
    cacheWrite1h: fields.cacheWrite1h ?? (anthropic ? input * 2 : cacheWrite5m),
    output: fields.output,
    audioInput: fields.audioInput ?? input,
    audioOutput: fields.audioOutput ?? fields.output,
  };
  if (fields.reasoning !== undefined) rates.reasoning = fields.reasoning;
  return rates;
}

/** A catalog price (USD per 1M as numbers) as price fields. */
export function priceFieldsFromModelPrice(price: ModelPrice): PriceFields & { input: number; output: number } {
  const fields: PriceFields & { input: number; output: number } = {
    input: usdToMicros(price.input),
    output: usdToMicros(price.output),
  };
  if (price.cachedInput !== undefined) fields.cachedInput = usdToMicros(price.cachedInput);
  if (price.cacheWrite !== undefined) fields.cacheWrite5m = usdToMicros(price.cacheWrite);
  if (price.cacheWrite1h !== undefined) fields.cacheWrite1h = usdToMicros(price.cacheWrite1h);
  if (price.audioInput !== undefined) fields.audioInput = usdToMicros(price.audioInput);
  if (price.audioOutput !== undefined) fields.audioOutput = usdToMicros(price.audioOutput);
  if (price.reasoning !== undefined) fields.reasoning = usdToMicros(price.reasoning);
  return fields;
}

// Catalog prices are shared objects that repeat on every request: resolve each once.
const ratesByPrice = { anthropic: new WeakMap<ModelPrice, PriceRates>(), other: new WeakMap<ModelPrice, PriceRates>() };

/** The resolved rates of a catalog price, cached per price object. */
export function ratesFromModelPrice(price: ModelPrice, format: PriceFormat = 'other'): PriceRates {
  let rates = ratesByPrice[format].get(price);
  if (!rates) {
    rates = resolvePriceRates(priceFieldsFromModelPrice(price), format);
    ratesByPrice[format].set(price, rates);
  }
  return rates;
}
