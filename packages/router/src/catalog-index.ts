import type { Catalog, CatalogModel, CatalogProvider, ModelRetirement } from '@switchboard/protocol';
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

  /** The catalog as served: a provider's entries for names it retired are left out. */
  readonly catalog: Catalog;
  /** Retired names (bare and `provider/name`) -> their retirement. */
  private readonly retired = new Map<string, ModelRetirement>();

  constructor(catalog: Catalog) {
    const retirementAliases: Record<string, string[]> = {};
    const retiredAt = new Map<string, Set<string>>();
    for (const retirement of catalog.retirements ?? []) {
      if (!catalog.providers.some((provider) => provider.id === retirement.provider)) continue;
      const target = [`${retirement.provider}/${retirement.replacement}`];
      for (const name of [retirement.model, `${retirement.provider}/${retirement.model}`]) {
        this.retired.set(name, retirement);
        retirementAliases[name] = target;
      }
      const names = retiredAt.get(retirement.provider) ?? new Set<string>();
      names.add(retirement.model);
      retiredAt.set(retirement.provider, names);
    }
    // A retired name is an alias of its replacement, not a model of its own, even where an
    // older catalog (a database seeded before the retirement) still lists it as a model. An
    // alias of the same name that the catalog sets explicitly wins.
    const providers =
      retiredAt.size === 0
        ? catalog.providers
        : catalog.providers.map((provider) => {
            const names = retiredAt.get(provider.id);
            return names ? { ...provider, models: provider.models.filter((model) => !names.has(model.id)) } : provider;
          });
    this.catalog =
      retiredAt.size === 0 ? catalog : { ...catalog, providers, aliases: { ...retirementAliases, ...catalog.aliases } };
    this.aliases = new ModelAliasTable(this.catalog.aliases);
    for (const provider of providers) {
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

  /** The retirement behind a retired model name (`deepseek-chat` or `deepseek/deepseek-chat`), if it is one. */
  retirement(name: string): ModelRetirement | undefined {
    return this.retired.size === 0 ? undefined : this.retired.get(name);
  }

  /** All model ids with the enabled providers that serve them. */
  models(): IterableIterator<[string, Candidate[]]> {
    return this.byModel.entries();
  }
}
