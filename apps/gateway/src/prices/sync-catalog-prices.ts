import { auditLog, type Database } from '@switchboard/db';
import type { Catalog, CatalogModel, CatalogPriceSource, CatalogProvider } from '@switchboard/protocol';
import { newId } from '@switchboard/protocol';
import {
  type NewPriceVersion,
  type PriceVersion,
  PriceVersionStore,
  priceFieldsFromModelPrice,
  samePrice,
} from '@switchboard/usage';
import { sql } from 'drizzle-orm';

/**
 * The date the built-in catalog's prices were checked against the providers' pages, for a price
 * that names no `priceSource`: its first version takes effect then, so history before it stays
 * as it was priced.
 */
export const BUILT_IN_PRICES_CHECKED = Date.parse('2026-11-01T00:00:00Z');

/** The day a price source was read (the first of the month when it names only a month), as a UTC instant. */
export function priceSourceDate(source: CatalogPriceSource): number {
  return Date.parse(`${source.checkedAt.length === 7 ? `${source.checkedAt}-01` : source.checkedAt}T00:00:00Z`);
}

/** Where a built-in price was read, for the version's note (the source travels with the price). */
export function priceSourceNote(source: CatalogPriceSource): string {
  return `list price read from ${source.url} on ${source.checkedAt}${source.official === false ? " (a third-party copy of the provider's prices)" : ''}`;
}

function sourceOf(provider: CatalogProvider, model: CatalogModel): CatalogPriceSource | undefined {
  return model.priceSource ?? provider.priceSource;
}

export interface CatalogPriceSync {
  /** Versions this start added, by source. */
  added: { builtIn: number; configFile: number };
}

function modelKey(providerId: string, modelId: string): string {
  return `${providerId}/${modelId}`;
}

function latest(versions: readonly PriceVersion[], test: (version: PriceVersion) => boolean): PriceVersion | undefined {
  let found: PriceVersion | undefined;
  for (const version of versions) {
    if (test(version) && (!found || version.createdAt > found.createdAt)) found = version;
  }
  return found;
}

/**
 * Makes the price book hold the catalog's prices as versions, once per change (DESIGN.md contract
 * 5): a built-in price becomes a `built-in` version dated by the day it was checked (and a newer
 * release's different built-in price a new one from now, unless something else priced the model
 * since); a price the config file names is owned by the file and becomes a `config-file` version
 * from now only when it differs from the file's last one, with an audit row by actor
 * `config-file`. Several instances starting together serialise on an advisory lock, so none adds
 * a version another just added.
 */
export async function syncCatalogPrices(
  db: Database,
  catalog: Catalog,
  fileOwnedPrices: ReadonlySet<string>,
  now = Date.now(),
): Promise<CatalogPriceSync> {
  return db.transaction(async (transaction) => {
    const handle = transaction as unknown as Database;
    await handle.execute(sql`select pg_advisory_xact_lock(hashtext('switchboard:price-versions'))`);
    const store = new PriceVersionStore(handle);
    const byModel = new Map<string, PriceVersion[]>();
    for (const version of await store.list()) {
      const key = modelKey(version.providerId, version.modelId);
      byModel.set(key, [...(byModel.get(key) ?? []), version]);
    }
    const additions: NewPriceVersion[] = [];
    const sync: CatalogPriceSync = { added: { builtIn: 0, configFile: 0 } };
    for (const provider of catalog.providers) {
      for (const model of provider.models) {
        if (!model.price) continue;
        const key = modelKey(provider.id, model.id);
        const versions = byModel.get(key) ?? [];
        const owned = fileOwnedPrices.has(key);
        const source = owned ? 'config-file' : 'built-in';
        const candidate: NewPriceVersion = {
          providerId: provider.id,
          modelId: model.id,
          effectiveFrom: now,
          effectiveUntil: null,
          source,
          prices: priceFieldsFromModelPrice(model.price),
          tiers: [],
          schedules: [],
          note: null,
        };
        const last = latest(versions, (version) => version.source === source);
        if (last && samePrice(last, { ...candidate, effectiveFrom: last.effectiveFrom })) continue;
        if (owned) {
          additions.push(candidate);
          sync.added.configFile++;
          continue;
        }
        const pageSource = sourceOf(provider, model);
        const dated = pageSource ? { note: priceSourceNote(pageSource) } : {};
        if (!last && versions.length === 0) {
          additions.push({
            ...candidate,
            ...dated,
            effectiveFrom: pageSource ? priceSourceDate(pageSource) : BUILT_IN_PRICES_CHECKED,
          });
          sync.added.builtIn++;
        } else if (last && latest(versions, () => true) === last) {
          // A release changed a built-in price nobody else has priced since.
          additions.push({ ...candidate, ...dated });
          sync.added.builtIn++;
        }
      }
    }
    const stored = await store.add(additions, now);
    const fileMade = stored.filter((version) => version.source === 'config-file');
    if (fileMade.length > 0) {
      await handle.insert(auditLog).values(
        fileMade.map((version) => ({
          actor: 'config-file',
          action: 'price_version.create',
          targetType: 'price_version',
          targetId: version.id,
          requestId: newId('req'),
          details: {
            provider: version.providerId,
            model: version.modelId,
            effectiveFrom: new Date(version.effectiveFrom).toISOString(),
          },
        })),
      );
    }
    return sync;
  });
}
