import { auditLog, type Database } from '@switchboard/db';
import type { CatalogModel, CatalogProvider, ModelPrice } from '@switchboard/protocol';
import { newId } from '@switchboard/protocol';
import {
  diffPriceSheet,
  formatUsdPerMillion,
  type NewPriceVersion,
  PriceBook,
  type PriceFields,
  PriceVersionStore,
  priceFieldNames,
  type SheetPrices,
} from '@switchboard/usage';
import { ProviderStore } from '../catalog/provider-store';
import { recordChange } from '../changes/record-change';
import { CatalogImportError, type ImportedCatalog, type ImportedModel } from './imported-catalog';

/** A version may start in the past only for a model no version prices yet (the price sheet's rule), so history stays explained. */
const PAST_TOLERANCE_MS = 5 * 60_000;

export interface CatalogImportOptions {
  dryRun: boolean;
  /** When the imported prices take effect (an OpenRouter or LiteLLM file has no dates); default now. */
  effectiveFrom?: number;
  now?: number;
  /** Who imports, for the audit row (`cli` from the command line, the admin token id from the API). */
  actor: string;
  requestId?: string;
  /** `provider/model` prices and provider ids the config file names: read-only here (409 naming the file). */
  fileOwnedPrices?: ReadonlySet<string>;
  fileOwnedProviders?: ReadonlySet<string>;
  configPath?: string;
}

export interface CatalogImportReport {
  format: ImportedCatalog['format'];
  dryRun: boolean;
  /** For OpenRouter and LiteLLM files; a price sheet's entries carry their own. */
  effectiveFrom: string;
  models: {
    added: { provider: string; model: string }[];
    changed: { provider: string; model: string; fields: string[] }[];
    unchanged: number;
  };
  prices: {
    added: { provider: string; model: string; effectiveFrom: string; usdPerMillion: SheetPrices }[];
    changed: { provider: string; model: string; effectiveFrom: string; from: SheetPrices; to: SheetPrices }[];
    unchanged: number;
  };
  skipped: { entry: string; reason: string }[];
  /** The versions written (none on a dry run). */
  priceVersionIds: string[];
  /** The change-feed sequence the import committed (0: nothing changed), for the admin route to announce. */
  changeSequence: number;
}

/** At most this many skipped entries are listed (a whole LiteLLM file skips hundreds); `skippedCount` says how many. */
const SKIPPED_LISTED = 100;

function sheetPrices(fields: PriceFields): SheetPrices {
  const out: SheetPrices = {};
  for (const name of priceFieldNames) if (fields[name] !== undefined) out[name] = formatUsdPerMillion(fields[name]!);
  return out;
}

function sameFields(left: PriceFields, right: PriceFields): boolean {
  return JSON.stringify(sheetPrices(left)) === JSON.stringify(sheetPrices(right));
}

/** The catalog row keeps USD per 1M (input, cached, 5-minute write, output) beside the versions, for routing by price. */
function modelPrice(fields: PriceFields & { input: number; output: number }): ModelPrice {
  const price: ModelPrice = { input: fields.input / 1_000_000, output: fields.output / 1_000_000 };
  if (fields.cachedInput !== undefined) price.cachedInput = fields.cachedInput / 1_000_000;
  if (fields.cacheWrite5m !== undefined) price.cacheWrite = fields.cacheWrite5m / 1_000_000;
  return price;
}

/** The fields an imported model changes on a catalog model (capability flags the file names override; others stay). */
function mergeModel(current: CatalogModel, imported: ImportedModel): { model: CatalogModel; fields: string[] } {
  const fields: string[] = [];
  const next: CatalogModel = { ...current, capabilities: { ...current.capabilities } };
  if (imported.contextWindow !== undefined && imported.contextWindow !== current.contextWindow) {
    next.contextWindow = imported.contextWindow;
    fields.push('contextWindow');
  }
  if (imported.maxOutputTokens !== undefined && imported.maxOutputTokens !== current.maxOutputTokens) {
    next.maxOutputTokens = imported.maxOutputTokens;
    fields.push('maxOutputTokens');
  }
  for (const [name, value] of Object.entries(imported.capabilities) as [keyof ImportedModel['capabilities'], boolean][]) {
    if (name === 'legacyCompletions') continue;
    if ((current.capabilities?.[name] ?? false) !== value) {
      (next.capabilities as Record<string, unknown>)[name] = value;
      fields.push(`capabilities.${name}`);
    }
  }
  return { model: next, fields };
}

function refuseFileOwned(key: string, what: string, options: CatalogImportOptions): never {
  throw new CatalogImportError(
    `The ${what} of '${key}' is set in the config file${options.configPath ? ` '${options.configPath}'` : ''} (SWITCHBOARD_CONFIG); change it there, or import without it.`,
    409,
    'owned_by_config_file',
  );
}

/**
 * Imports a read catalog file in one transaction, through the same stores as the admin API: new
 * models are added to their provider and changed context windows, output limits and
 * capabilities written; each price that differs from the version in force at `effectiveFrom`
 * becomes an `import` version from then (a price sheet's entries keep their own times); one
 * audit row names what was written. Reports the difference either way; a dry run writes nothing.
 */
export async function importCatalog(
  db: Database,
  imported: ImportedCatalog,
  options: CatalogImportOptions,
): Promise<CatalogImportReport> {
  const now = options.now ?? Date.now();
  const effectiveFrom = options.effectiveFrom ?? now;
  const report: CatalogImportReport = {
    format: imported.format,
    dryRun: options.dryRun,
    effectiveFrom: new Date(effectiveFrom).toISOString(),
    models: { added: [], changed: [], unchanged: 0 },
    prices: { added: [], changed: [], unchanged: 0 },
    skipped: [...imported.skipped],
    priceVersionIds: [],
    changeSequence: 0,
  };
  return db.transaction(async (handle) => {
    const transaction = handle as unknown as Database;
    const providerStore = new ProviderStore(transaction);
    const versionStore = new PriceVersionStore(transaction);
    const stored = await versionStore.list();
    const book = new PriceBook(stored);
    const providers = new Map((await providerStore.list()).map((provider) => [provider.id, provider]));
    const touched = new Map<string, CatalogProvider>();
    const additions: NewPriceVersion[] = [];

    if (imported.format === 'price-sheet') {
      for (const version of imported.versions) {
        const key = `${version.providerId}/${version.modelId}`;
        if (options.fileOwnedPrices?.has(key)) refuseFileOwned(key, 'price', options);
        const provider = providers.get(version.providerId);
        if (!provider?.models.some((model) => model.id === version.modelId)) {
          throw new CatalogImportError(
            `No model '${key}' in the catalog: add it (or import a file that describes it) first.`,
            404,
            'not_found',
          );
        }
      }
      const diff = diffPriceSheet(stored, imported.versions);
      report.prices.unchanged = diff.unchanged;
      for (const version of diff.added) {
        const replaced = diff.changed.find((change) => change.incoming === version);
        const entry = {
          provider: version.providerId,
          model: version.modelId,
          effectiveFrom: new Date(version.effectiveFrom).toISOString(),
        };
        if (replaced) {
          const previous = stored.find((candidate) => candidate.id === replaced.replaces)!;
          report.prices.changed.push({ ...entry, from: sheetPrices(previous.prices), to: sheetPrices(version.prices) });
        } else {
          report.prices.added.push({ ...entry, usdPerMillion: sheetPrices(version.prices) });
        }
        additions.push(version);
      }
    }

    for (const model of imported.models) {
      const provider = touched.get(model.providerId) ?? providers.get(model.providerId);
      if (!provider) {
        report.skipped.push({
          entry: model.upstream,
          reason: `no provider '${model.providerId}' in the catalog (create it first)`,
        });
        continue;
      }
      const index = provider.models.findIndex(
        (candidate) => candidate.id === model.upstream || candidate.upstream === model.upstream,
      );
      const current = index >= 0 ? provider.models[index]! : undefined;
      const modelId = current?.id ?? model.upstream;
      const key = `${provider.id}/${modelId}`;
      let next: CatalogModel;
      let modelChanged = true;
      if (current) {
        const merged = mergeModel(current, model);
        next = merged.model;
        modelChanged = merged.fields.length > 0;
        if (modelChanged) report.models.changed.push({ provider: provider.id, model: modelId, fields: merged.fields });
        else report.models.unchanged++;
      } else {
        next = {
          id: modelId,
          upstream: model.upstream,
          kind: model.kind,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          capabilities: model.capabilities,
        };
        report.models.added.push({ provider: provider.id, model: modelId });
      }
      if (modelChanged && options.fileOwnedProviders?.has(provider.id)) refuseFileOwned(provider.id, 'models', options);
      let priceChanged = false;
      if (model.prices) {
        const inForce = book.versionAt(provider.id, modelId, effectiveFrom)?.version;
        if (inForce && sameFields(inForce.prices, model.prices)) {
          report.prices.unchanged++;
        } else {
          if (options.fileOwnedPrices?.has(key)) refuseFileOwned(key, 'price', options);
          const entry = { provider: provider.id, model: modelId, effectiveFrom: report.effectiveFrom };
          if (inForce) report.prices.changed.push({ ...entry, from: sheetPrices(inForce.prices), to: sheetPrices(model.prices) });
          else report.prices.added.push({ ...entry, usdPerMillion: sheetPrices(model.prices) });
          additions.push({
            providerId: provider.id,
            modelId,
            effectiveFrom,
            effectiveUntil: null,
            source: 'import',
            prices: model.prices,
            tiers: [],
            schedules: [],
            note: `imported from a ${imported.format} file`,
          });
          next = { ...next, price: modelPrice(model.prices) };
          priceChanged = true;
        }
      }
      if (!modelChanged && !priceChanged) continue;
      const models = [...provider.models];
      if (index >= 0) models[index] = next;
      else models.push(next);
      touched.set(provider.id, { ...provider, models });
    }

    for (const version of additions) {
      if (version.effectiveFrom >= now - PAST_TOLERANCE_MS) continue;
      if (!book.hasVersions(version.providerId, version.modelId)) continue;
      throw new CatalogImportError(
        `effectiveFrom: ${new Date(version.effectiveFrom).toISOString()} is in the past and '${version.providerId}/${version.modelId}' already has price versions; history is never re-priced by an import (start it now or later).`,
      );
    }
    const skippedCount = report.skipped.length;
    if (skippedCount > SKIPPED_LISTED) {
      report.skipped = [
        ...report.skipped.slice(0, SKIPPED_LISTED),
        { entry: '…', reason: `${skippedCount - SKIPPED_LISTED} more skipped` },
      ];
    }
    if (options.dryRun) return report;

    for (const provider of touched.values()) await providerStore.replace(provider, true);
    const written = await versionStore.add(additions, now);
    report.priceVersionIds = written.map((version) => version.id);
    if (touched.size > 0 || written.length > 0) {
      await transaction.insert(auditLog).values({
        actor: options.actor,
        action: 'catalog.import',
        targetType: 'price_version',
        targetId: written.length === 1 ? written[0]!.id : `${written.length} versions`,
        requestId: options.requestId ?? newId('req'),
        details: {
          format: imported.format,
          modelsAdded: report.models.added.length,
          modelsChanged: report.models.changed.length,
          priceVersions: report.priceVersionIds,
        },
      });
    }
    // The change feed's rows commit with the import, so running instances (and a CLI import's
    // gateways) reload the catalog and the price book.
    if (touched.size > 0) report.changeSequence = await recordChange(transaction, 'catalog', 'catalog-import');
    if (written.length > 0) report.changeSequence = await recordChange(transaction, 'prices', 'catalog-import');
    return report;
  });
}
