import type { Catalog, CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { ModelAliasTable } from './model-alias-table';

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
  /** The gateway's aliases (built-in, config file, database): exact names and `*` patterns. */
  readonly aliases: ModelAliasTable;

  constructor(readonly catalog: Catalog) {
    this.aliases = new ModelAliasTable(catalog.aliases);
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

  /**
   * Whether the catalog itself knows `name`: a bare model id an enabled provider serves,
   * `provider/model` of a configured provider (enabled or not, so a pin to a disabled provider
   * is reported as such rather than aliased away), or an exact alias. Such names are never
   * rewritten by a key's alias or a pattern.
   */
  knowsName(name: string): boolean {
    if (this.byModel.has(name) || this.aliases.exact(name)) return true;
    const slash = name.indexOf('/');
    if (slash <= 0) return false;
    const modelId = name.slice(slash + 1);
    return (
      this.byProvider.get(name.slice(0, slash))?.models.some((model) => model.id === modelId || model.upstream === modelId) ??
      false
    );
  }

  /** All model ids with the enabled providers that serve them. */
  models(): IterableIterator<[string, Candidate[]]> {
    return this.byModel.entries();
  }
}
