import type { Catalog } from '@switchboard/protocol';
import type { PriceBook } from '@switchboard/usage';

export const DEFAULT_PRICE_MAX_AGE_DAYS = 180;
const DAY_MS = 86_400_000;

/** PRICE_MAX_AGE_DAYS: a whole number of days (default 180); anything else fails the start with a message. */
export function priceMaxAgeDays(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.PRICE_MAX_AGE_DAYS;
  if (text === undefined || text === '') return DEFAULT_PRICE_MAX_AGE_DAYS;
  if (!/^\d{1,5}$/.test(text) || Number(text) === 0) {
    throw new Error(`PRICE_MAX_AGE_DAYS must be a whole number of days above 0, not '${text}'`);
  }
  return Number(text);
}

export interface ModelPriceAge {
  provider: string;
  model: string;
  /** The version in force now, or null when the model is unpriced. */
  priceVersionId: string | null;
  /** When that version took effect (a built-in price: the day its page was read). */
  effectiveFrom: string | null;
  ageDays: number | null;
  /** Older than the limit: the provider may have changed it since; re-check or import a newer one. */
  stale: boolean;
}

/**
 * How old each catalog model's price in force is. A price's age is the time since its version
 * took effect, which for a built-in price is the day its page was read, so a price nobody has
 * re-checked in PRICE_MAX_AGE_DAYS is flagged. Local servers' prices of 0 are not list prices and never stale.
 */
export function modelPriceAges(
  catalog: Catalog,
  book: PriceBook | undefined,
  maxAgeDays: number,
  now = Date.now(),
): ModelPriceAge[] {
  const ages: ModelPriceAge[] = [];
  for (const provider of catalog.providers) {
    for (const model of provider.models) {
      const version = book?.versionAt(provider.id, model.id, now)?.version;
      if (!version) {
        ages.push({
          provider: provider.id,
          model: model.id,
          priceVersionId: null,
          effectiveFrom: null,
          ageDays: null,
          stale: false,
        });
        continue;
      }
      const ageDays = Math.floor((now - version.effectiveFrom) / DAY_MS);
      const free = version.prices.input === 0 && version.prices.output === 0 && provider.keyOptional === true;
      ages.push({
        provider: provider.id,
        model: model.id,
        priceVersionId: version.id,
        effectiveFrom: new Date(version.effectiveFrom).toISOString(),
        ageDays,
        stale: !free && ageDays > maxAgeDays,
      });
    }
  }
  return ages;
}
