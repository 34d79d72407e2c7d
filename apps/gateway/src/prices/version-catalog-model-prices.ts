import type { Database } from '@switchboard/db';
import type { CatalogProvider } from '@switchboard/protocol';
import { PriceBook, type PriceVersion, PriceVersionStore, priceFieldsFromModelPrice } from '@switchboard/usage';

function sameFields(left: PriceVersion['prices'], right: PriceVersion['prices']): boolean {
  return JSON.stringify(Object.entries(left).sort()) === JSON.stringify(Object.entries(right).sort());
}

/**
 * A model price set through /admin/providers is billed from now: a new `admin` price version for
 * each model whose catalog price differs from the version in force (or that has none), in the
 * caller's transaction (the caller's audit row of the provider change names them), so the price
 * book and the catalog never disagree. Prices the config file owns are left to the file. Returns
 * the ids of the versions added.
 */
export async function versionCatalogModelPrices(
  transaction: Database,
  provider: CatalogProvider,
  fileOwnedPrices: ReadonlySet<string> | undefined,
  now = Date.now(),
): Promise<string[]> {
  const store = new PriceVersionStore(transaction);
  const book = new PriceBook(await store.list({ providerId: provider.id }));
  const additions = [];
  for (const model of provider.models) {
    if (!model.price || fileOwnedPrices?.has(`${provider.id}/${model.id}`)) continue;
    const prices = priceFieldsFromModelPrice(model.price);
    const inForce = book.versionAt(provider.id, model.id, now)?.version;
    if (inForce && sameFields(inForce.prices, prices)) continue;
    additions.push({
      providerId: provider.id,
      modelId: model.id,
      effectiveFrom: now,
      effectiveUntil: null,
      source: 'admin' as const,
      prices,
      tiers: [],
      schedules: [],
      note: 'set through /admin/providers',
    });
  }
  return (await store.add(additions, now)).map((version) => version.id);
}
