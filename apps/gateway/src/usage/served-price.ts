import type { TokenUsage } from '@switchboard/protocol';
import {
  type CompiledPriceVersion,
  computeCostPicos,
  estimateCostMicros,
  type PriceRates,
  picosToMicros,
  ratesAt,
  ratesFromModelPrice,
  type TokenCounts,
} from '@switchboard/usage';
import type { GatewayContext } from '../app/gateway-context';
import type { Attempt } from '../attempts/plan-attempts';

/**
 * What prices one request: the price version in force when it started, from the in-memory price
 * book (no database read); a model the book has no versions of falls back to its catalog price
 * (versionId null); neither means unpriced (served, billed 0 and flagged, DESIGN.md contract 7).
 */
export interface ServedPrice {
  versionId: string | null;
  version?: CompiledPriceVersion;
  rates?: PriceRates;
}

const UNPRICED: ServedPrice = { versionId: null };

export function servedPriceFor(gateway: GatewayContext, attempt: Attempt, startedAt: number): ServedPrice {
  const book = gateway.priceBook;
  if (book?.hasVersions(attempt.provider.id, attempt.model.id)) {
    const version = book.versionAt(attempt.provider.id, attempt.model.id, startedAt);
    return version ? { versionId: version.version.id, version } : UNPRICED;
  }
  const price = attempt.model.price;
  if (!price) return UNPRICED;
  return { versionId: null, rates: ratesFromModelPrice(price, attempt.provider.adapter === 'anthropic' ? 'anthropic' : 'other') };
}

export function isUnpriced(price: ServedPrice | undefined): boolean {
  return price !== undefined && price.version === undefined && price.rates === undefined;
}

/** The exact cost in pico-dollars of `usage` at `price` for a request started at `startedAt`. */
export function costPicosAt(price: ServedPrice | undefined, usage: TokenUsage, startedAt: number): number {
  if (!price) return 0;
  const rates = price.version ? ratesAt(price.version, startedAt, usage.inputTokens) : price.rates;
  return rates ? computeCostPicos(usage, rates) : 0;
}

/**
 * The rates in force for an attempt at `startedAt` for a prompt of `inputTokens` (its long-context
 * tier), for a budget reservation: the version the request will be billed by, or the catalog's flat
 * price where the model has no versions; undefined when it is unpriced.
 */
export function ratesInForce(
  gateway: GatewayContext,
  attempt: Attempt,
  startedAt: number,
  inputTokens: number,
): PriceRates | undefined {
  const price = servedPriceFor(gateway, attempt, startedAt);
  return price.version ? ratesAt(price.version, startedAt, inputTokens) : price.rates;
}

/** The instant that prices a request: when it started, by the gateway's clock. */
export function billedAt(record: { startedAt: number; occurredAt?: number }): number {
  return record.occurredAt ?? record.startedAt;
}

/** Prices a request's usage onto its record: the exact pico-dollars and the micro-dollars rounded from them once. */
export function priceRecord(
  record: {
    servedPrice?: ServedPrice;
    startedAt: number;
    occurredAt?: number;
    costMicros?: number;
    costPicos?: number;
    cacheSavingsMicros?: number;
    cacheSavingsPicos?: number;
  },
  usage: TokenUsage | undefined,
): number {
  const at = billedAt(record);
  const picos = usage ? costPicosAt(record.servedPrice, usage, at) : 0;
  record.costPicos = picos;
  // The same request as if nothing had been cached: the difference is what the cache saved.
  record.cacheSavingsPicos =
    usage && usage.cachedInputTokens > 0
      ? Math.max(0, costPicosAt(record.servedPrice, { ...usage, cachedInputTokens: 0 }, at) - picos)
      : 0;
  record.costMicros = picosToMicros(picos);
  // Rounded once, for the x-switchboard-cache-savings header and /v1/generation.
  record.cacheSavingsMicros = picosToMicros(record.cacheSavingsPicos);
  return record.costMicros;
}

/**
 * What token counts would cost on `attempt` at the price in force at `occurredAt`, in whole
 * micro-dollars rounded up, for budget reservations: the same version, window, tier and cache
 * write prices the bill will use. 0 for an unpriced model (nothing to reserve; the request is
 * flagged when served).
 */
export function estimateAttemptCostMicros(
  gateway: GatewayContext,
  attempt: Attempt,
  occurredAt: number,
  counts: TokenCounts,
): number {
  const price = servedPriceFor(gateway, attempt, occurredAt);
  const rates = price.version ? ratesAt(price.version, occurredAt, counts.inputTokens) : price.rates;
  return rates ? estimateCostMicros(counts, rates) : 0;
}
