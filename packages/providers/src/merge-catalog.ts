import { isModelAliasPattern, modelAliasNameProblem } from '@switchboard/protocol';
import type { CatalogConfig, CatalogProviderConfig } from './catalog-config-schema';
import type { Catalog, CatalogModel, CatalogProvider, ModelRetirement } from './catalog-types';

export class CatalogConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogConfigError';
  }
}

function toModel(model: NonNullable<CatalogProviderConfig['models']>[number], previous: CatalogModel | undefined): CatalogModel {
  return {
    ...previous,
    ...model,
    id: model.id,
    upstream: model.upstream ?? previous?.upstream ?? model.id,
    kind: model.kind ?? previous?.kind ?? 'chat',
    price: model.price ?? previous?.price,
    // A file's own price is not the page the built-in one was read from.
    priceSource: model.priceSource ?? (model.price ? undefined : previous?.priceSource),
    capabilities: model.capabilities ? { ...previous?.capabilities, ...model.capabilities } : previous?.capabilities,
  };
}

function mergeProvider(previous: CatalogProvider | undefined, config: CatalogProviderConfig): CatalogProvider {
  if (!previous && (!config.adapter || !config.baseUrl)) {
    throw new CatalogConfigError(`provider '${config.id}' is new, so it needs 'adapter' and 'baseUrl'`);
  }
  const models = new Map((previous?.models ?? []).map((model) => [model.id, model]));
  for (const model of config.models ?? []) models.set(model.id, toModel(model, models.get(model.id)));
  const { models: _ignored, ...fields } = config;
  return {
    ...previous,
    ...fields,
    adapter: config.adapter ?? previous!.adapter,
    baseUrl: config.baseUrl ?? previous!.baseUrl,
    enabled: config.enabled ?? previous?.enabled ?? true,
    headers: config.headers ? { ...previous?.headers, ...config.headers } : previous?.headers,
    models: [...models.values()],
  } as CatalogProvider;
}

/**
 * Applies a user's config on top of the built-in catalog: a provider with a known id overrides
 * the given fields and adds or overrides models by id; a new id adds a provider. Aliases are
 * checked so a typo fails at start, not on the first request.
 */
export function mergeCatalog(base: Catalog, config: CatalogConfig): Catalog {
  const providers = new Map((config.builtInProviders === false ? [] : base.providers).map((provider) => [provider.id, provider]));
  const seen = new Set<string>();
  for (const entry of config.providers ?? []) {
    if (seen.has(entry.id)) throw new CatalogConfigError(`provider '${entry.id}' appears twice`);
    seen.add(entry.id);
    providers.set(entry.id, mergeProvider(providers.get(entry.id), entry));
  }
  // Null prototype: alias names are configuration input, and `__proto__` must stay a name.
  const aliases: Catalog['aliases'] = Object.assign(
    Object.create(null),
    config.builtInProviders === false ? {} : base.aliases,
    config.aliases,
  );
  const catalog: Catalog = { providers: [...providers.values()], aliases };
  const retirements = mergeRetirements(
    config.builtInProviders === false ? [] : (base.retirements ?? []),
    config.retirements ?? [],
  );
  if (retirements.length > 0) catalog.retirements = retirements;
  for (const retirement of config.retirements ?? []) {
    if (!findReference(catalog, `${retirement.provider}/${retirement.replacement}`)) {
      throw new CatalogConfigError(
        `retirement of '${retirement.model}' names '${retirement.provider}/${retirement.replacement}', which is no provider/model in the catalog`,
      );
    }
  }
  for (const [alias, references] of Object.entries(config.aliases ?? {})) {
    const problem = modelAliasNameProblem(alias);
    if (problem) throw new CatalogConfigError(`aliases: ${problem}`);
    for (const reference of references) {
      if (!findReference(catalog, reference) && !isExactAlias(aliases, reference)) {
        throw new CatalogConfigError(`alias '${alias}' names '${reference}', which is no provider/model in the catalog`);
      }
    }
  }
  // Built-in aliases may point at providers the config removed; drop only those references.
  for (const [alias, references] of Object.entries(catalog.aliases)) {
    const kept = references.filter((reference) => findReference(catalog, reference) || isExactAlias(catalog.aliases, reference));
    if (kept.length === 0) delete catalog.aliases[alias];
    else catalog.aliases[alias] = kept;
  }
  return catalog;
}

/** The built-in retirements with the file's added; the file's entry for the same provider and name wins. */
function mergeRetirements(base: readonly ModelRetirement[], config: readonly ModelRetirement[]): ModelRetirement[] {
  const byName = new Map(base.map((retirement) => [`${retirement.provider}/${retirement.model}`, retirement]));
  for (const retirement of config) byName.set(`${retirement.provider}/${retirement.model}`, retirement);
  return [...byName.values()];
}

/**
 * `provider/model` (model id or upstream name, as the router accepts) or a bare model id served
 * by some provider. A bare id may itself contain a slash (`deepseek/deepseek-r1` on OpenRouter),
 * so a prefix that names a provider without that model falls through to the bare lookup.
 */
function findReference(catalog: Catalog, reference: string): boolean {
  const slash = reference.indexOf('/');
  if (slash > 0) {
    const provider = catalog.providers.find((candidate) => candidate.id === reference.slice(0, slash));
    const modelId = reference.slice(slash + 1);
    if (provider?.models.some((model) => model.id === modelId || model.upstream === modelId)) return true;
  }
  return catalog.providers.some((provider) => provider.models.some((model) => model.id === reference));
}

/** A target may name another exact alias; a pattern is not a name a target can stand for. */
function isExactAlias(aliases: Catalog['aliases'], reference: string): boolean {
  return !isModelAliasPattern(reference) && Object.hasOwn(aliases, reference);
}
