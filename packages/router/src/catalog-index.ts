import type { Catalog, CatalogModel, CatalogProvider } from '@switchboard/protocol';

/** One way to serve a request: a provider and its entry for the model. */
export interface Candidate {
  provider: CatalogProvider;
  model: CatalogModel;
}

/**
 * The catalog arranged for lookups on the hot path: built once when the catalog changes, so
 * resolving a model is a map read, not a scan.
 */
export class CatalogIndex {
  private readonly byModel = new Map<string, Candidate[]>();
  private readonly byProvider = new Map<string, CatalogProvider>();

  constructor(readonly catalog: Catalog) {
    for (const provider of catalog.providers) {
      this.byProvider.set(provider.id, provider);
      if (!provider.enabled) continue;
      for (const model of provider.models) {
        const list = this.byModel.get(model.id) ?? [];
        list.push({ provider, model });
        this.byModel.set(model.id, list);
      }
    }
  }

  provider(id: string): CatalogProvider | undefined {
    return this.byProvider.get(id);
  }

  /** Every enabled provider's entry for a bare model id, in catalog order. */
  servingModel(modelId: string): Candidate[] {
    return this.byModel.get(modelId) ?? [];
  }

  /** All model ids with the enabled providers that serve them. */
  models(): IterableIterator<[string, Candidate[]]> {
    return this.byModel.entries();
  }
}
