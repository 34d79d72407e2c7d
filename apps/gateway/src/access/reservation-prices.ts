import { usdToMicros } from '@switchboard/db';
import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import type { PriceRates } from '@switchboard/usage';

/** The dearest per-token prices a reservation must assume for one model, in micro-dollars per 1M tokens. */
export interface ReservationPrices {
  inputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
}

/**
 * The one place admission reads prices (so a new price book changes only this function). Input
 * is priced at the plain input rate, or, when the prompt asks for a cache write, at the dearest
 * write the provider may bill: a listed write price, or for the Anthropic format the 1-hour write
 * at twice the input price (Anthropic's published multiplier; the 5-minute write is 1.25x).
 * Cache reads are never assumed: they are cheaper than either. A model without a price reserves
 * nothing (it is free, or unpriced and flagged at settlement). `rates`, when given, are the price
 * book's rates in force for the request (its version, time window and long-context tier), which
 * win over the catalog's flat price: the reservation assumes what the request will be billed by.
 */
export function reservationPrices(
  provider: CatalogProvider,
  model: CatalogModel,
  cacheWrite: boolean,
  rates?: PriceRates,
): ReservationPrices {
  if (rates !== undefined) {
    const input = Math.max(rates.input, rates.audioInput, cacheWrite ? Math.max(rates.cacheWrite5m, rates.cacheWrite1h) : 0);
    const output = Math.max(rates.output, rates.audioOutput, rates.reasoning ?? 0);
    // Rates are micro-dollars per 1M tokens already.
    return { inputMicrosPerMillion: Math.ceil(input), outputMicrosPerMillion: Math.ceil(output) };
  }
  const price = model.price;
  if (price === undefined) return { inputMicrosPerMillion: 0, outputMicrosPerMillion: 0 };
  let input = price.input;
  if (cacheWrite) {
    const anthropicFormat = provider.adapter === 'anthropic' || provider.anthropicBaseUrl !== undefined;
    input = Math.max(input, price.cacheWrite ?? 0, anthropicFormat ? price.input * 2 : 0);
  }
  return { inputMicrosPerMillion: usdToMicros(input), outputMicrosPerMillion: usdToMicros(price.output) };
}
