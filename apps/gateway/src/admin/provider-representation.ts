import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import type { modelConfigSchema } from '@switchboard/providers';
import type { z } from 'zod';

const SENSITIVE_HEADER = /authorization|key|token|secret|cookie/i;

/** A provider as the admin API shows it; header values that look like credentials are masked. */
export function providerRepresentation(provider: CatalogProvider) {
  const headers = Object.fromEntries(
    Object.entries(provider.headers ?? {}).map(([name, value]) => [name, SENSITIVE_HEADER.test(name) ? '***' : value]),
  );
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
    headers,
    keyOptional: provider.keyOptional ?? false,
    enabled: provider.enabled,
    models: provider.models.map((model) => ({
      id: model.id,
      upstream: model.upstream,
      kind: model.kind,
      price: model.price ?? null,
      contextWindow: model.contextWindow ?? null,
      maxOutputTokens: model.maxOutputTokens ?? null,
      capabilities: model.capabilities ?? {},
    })),
  };
}

/** A model as written in a request body, completed with the defaults the catalog uses. */
export function modelFromBody(model: z.infer<typeof modelConfigSchema>): CatalogModel {
  return {
    id: model.id,
    upstream: model.upstream ?? model.id,
    kind: model.kind ?? 'chat',
    price: model.price,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    capabilities: model.capabilities,
  };
}
