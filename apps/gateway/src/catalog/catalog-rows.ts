import { microsToUsd, type ProviderModelRow, type ProviderRow, usdToMicros } from '@switchboard/db';
import type { CatalogModel, CatalogProvider, ModelPrice } from '@switchboard/protocol';

// Conversions between catalog entries (prices in USD per 1M tokens, as providers publish them and
// users write them) and rows (integer micro-dollars per 1M tokens).

function price(row: ProviderModelRow): ModelPrice | undefined {
  if (row.inputPriceMicros === null || row.outputPriceMicros === null) return undefined;
  const result: ModelPrice = { input: microsToUsd(row.inputPriceMicros), output: microsToUsd(row.outputPriceMicros) };
  if (row.cachedInputPriceMicros !== null) result.cachedInput = microsToUsd(row.cachedInputPriceMicros);
  if (row.cacheWritePriceMicros !== null) result.cacheWrite = microsToUsd(row.cacheWritePriceMicros);
  return result;
}

export function modelFromRow(row: ProviderModelRow): CatalogModel {
  return {
    id: row.modelId,
    upstream: row.upstream,
    kind: row.kind,
    price: price(row),
    contextWindow: row.contextWindow ?? undefined,
    maxOutputTokens: row.maxOutputTokens ?? undefined,
    defaultOutputTokens: row.defaultOutputTokens ?? undefined,
    capabilities: row.capabilities,
  };
}

export function providerFromRows(row: ProviderRow, models: ProviderModelRow[]): CatalogProvider {
  return {
    id: row.id,
    name: row.name,
    adapter: row.adapter,
    baseUrl: row.baseUrl,
    anthropicBaseUrl: row.anthropicBaseUrl ?? undefined,
    reasoningControl: row.reasoningControl ?? undefined,
    responsesApi: row.responsesApi ?? undefined,
    apiVersion: row.apiVersion ?? undefined,
    region: row.region ?? undefined,
    project: row.project ?? undefined,
    location: row.location ?? undefined,
    headers: row.headers,
    keyOptional: row.keyOptional,
    ...(row.regions.length > 0 ? { regions: row.regions } : {}),
    ...(row.dataPolicies.length > 0 ? { dataPolicies: row.dataPolicies } : {}),
    enabled: row.enabled,
    models: models.map(modelFromRow),
  };
}

/** Without `fileOwnedFields`: only a start (ProviderStore.seed) writes the provenance. */
export function providerToRow(provider: CatalogProvider): Omit<ProviderRow, 'createdAt' | 'updatedAt' | 'fileOwnedFields'> {
  return {
    id: provider.id,
    name: provider.name ?? provider.id,
    adapter: provider.adapter,
    baseUrl: provider.baseUrl,
    anthropicBaseUrl: provider.anthropicBaseUrl ?? null,
    reasoningControl: provider.reasoningControl ?? null,
    responsesApi: provider.responsesApi ?? null,
    apiVersion: provider.apiVersion ?? null,
    region: provider.region ?? null,
    project: provider.project ?? null,
    location: provider.location ?? null,
    headers: provider.headers ?? {},
    keyOptional: provider.keyOptional ?? false,
    regions: provider.regions ?? [],
    dataPolicies: provider.dataPolicies ?? [],
    enabled: provider.enabled,
  };
}

export function modelToRow(providerId: string, model: CatalogModel): ProviderModelRow {
  const micros = (usd: number | undefined) => (usd === undefined ? null : usdToMicros(usd));
  return {
    providerId,
    modelId: model.id,
    upstream: model.upstream,
    kind: model.kind,
    inputPriceMicros: micros(model.price?.input),
    cachedInputPriceMicros: micros(model.price?.cachedInput),
    cacheWritePriceMicros: micros(model.price?.cacheWrite),
    outputPriceMicros: micros(model.price?.output),
    contextWindow: model.contextWindow ?? null,
    maxOutputTokens: model.maxOutputTokens ?? null,
    defaultOutputTokens: model.defaultOutputTokens ?? null,
    capabilities: model.capabilities ?? {},
  };
}
