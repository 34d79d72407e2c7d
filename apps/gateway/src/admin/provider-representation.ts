import type { CatalogModel, CatalogProvider, ModelRetirement } from '@switchboard/protocol';
import type { modelConfigSchema } from '@switchboard/providers';
import { lastFour } from '@switchboard/vault';
import type { z } from 'zod';

/**
 * A provider header value as the admin API shows it. Every value is a secret whatever its name
 * (issue 15 point 9: a name denylist let `x-auth`, `x-password` and `x-credential` through): the
 * last four characters when the value is long enough for that to reveal little, else nothing.
 */
export function maskedHeaderValue(value: string): string {
  const last = lastFour(value);
  return last === '' ? '****' : `****${last}`;
}

/**
 * Headers from a PATCH body: a value sent back exactly as the API masked it keeps the stored
 * value, so a client that edits one header and returns the rest as read does not store the masks.
 */
export function headersFromBody(
  sent: Record<string, string>,
  current: Record<string, string> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent)) {
    const stored = current !== undefined && Object.hasOwn(current, name) ? current[name] : undefined;
    headers[name] = stored !== undefined && value === maskedHeaderValue(stored) ? stored : value;
  }
  return headers;
}

/**
 * A provider as the admin API shows it; every header value is masked.
 * Names the provider retired (the catalog's `retirements`) are listed as such, with their
 * replacement, never as models of their own (a database seeded before the retirement may still
 * hold a row for one).
 */
export function providerRepresentation(provider: CatalogProvider, retirements: readonly ModelRetirement[] = []) {
  const retired = retirements.filter((retirement) => retirement.provider === provider.id);
  const retiredNames = new Set(retired.map((retirement) => retirement.model));
  const headers = Object.fromEntries(
    Object.entries(provider.headers ?? {}).map(([name, value]) => [name, maskedHeaderValue(value)]),
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
    regions: provider.regions ?? [],
    dataPolicies: provider.dataPolicies ?? [],
    enabled: provider.enabled,
    // Only on a provider that retired names, so other representations stay as they were.
    ...(retired.length === 0
      ? {}
      : {
          retiredModels: retired.map((retirement) => ({
            model: retirement.model,
            retiredAt: retirement.retiredAt,
            replacement: retirement.replacement,
            thinking: retirement.thinking ?? null,
          })),
        }),
    models: provider.models
      .filter((model) => !retiredNames.has(model.id))
      .map((model) => ({
        id: model.id,
        upstream: model.upstream,
        kind: model.kind,
        price: model.price ?? null,
        contextWindow: model.contextWindow ?? null,
        maxOutputTokens: model.maxOutputTokens ?? null,
        defaultOutputTokens: model.defaultOutputTokens ?? null,
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
    defaultOutputTokens: model.defaultOutputTokens,
    capabilities: model.capabilities,
  };
}
