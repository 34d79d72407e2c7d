import { validateProviderBaseUrl } from '@switchboard/egress';
import type { CatalogProvider } from '@switchboard/protocol';
import { ProviderKeyStore } from '@switchboard/vault';
import { Hono } from 'hono';
import { changedOwnedFields } from '../../catalog/apply-owned-fields';
import { ProviderStore } from '../../catalog/provider-store';
import { versionCatalogModelPrices } from '../../prices/version-catalog-model-prices';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { inChangeTransaction } from '../in-change-transaction';
import { newProviderOrigins } from '../new-provider-origins';
import { parseAdminBody } from '../parse-admin-body';
import { headersFromBody, modelFromBody, providerRepresentation } from '../provider-representation';
import { createProviderSchema, updateProviderSchema } from '../provider-schemas';
import { recordAudit } from '../record-audit';

/** Provider keys are sent to both endpoints, so the Anthropic one passes the same egress rule. */
function checkBaseUrl(admin: AdminContext, baseUrl: string, field: 'baseUrl' | 'anthropicBaseUrl' = 'baseUrl'): void {
  const verdict = validateProviderBaseUrl(baseUrl, admin.egress);
  if (!verdict.ok) throw new AdminError(400, 'invalid_field', `${field}: ${verdict.reason}`);
}

/**
 * Whether requests can be served by a provider now: enabled, and an active vault key, an
 * environment key, or no key needed. A built-in provider without any is "no key", not "enabled".
 */
function usability(admin: AdminContext, provider: CatalogProvider) {
  if (!provider.enabled) return { usable: false, usableReason: 'disabled' };
  if (provider.keyOptional === true || admin.gateway.keys.hasKey(provider)) return { usable: true, usableReason: null };
  return { usable: false, usableReason: 'no_key' };
}

function represent(admin: AdminContext, provider: CatalogProvider, fileOwnedFields: readonly string[] = []) {
  return {
    ...providerRepresentation(provider, admin.gateway.catalog.catalog.retirements),
    ...usability(admin, provider),
    fileOwnedFields,
  };
}

/** DESIGN.md contract 5: the config file owns the fields it names; an edit of one is refused. */
function ownedByConfigFile(admin: AdminContext, id: string, fields: readonly string[]): AdminError {
  return new AdminError(
    409,
    'owned_by_config_file',
    `Provider '${id}': ${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} set in the config file${admin.configPath ? ` '${admin.configPath}'` : ''} (SWITCHBOARD_CONFIG); change ${fields.length === 1 ? 'it' : 'them'} there and restart.`,
  );
}

/** /admin/providers: the catalog of upstreams and their models. */
export function providersRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('providers:read'), async (c) => {
    const store = new ProviderStore(admin.db);
    const [providers, owned] = await Promise.all([store.list(), store.fileOwnedFields()]);
    return c.json({ data: providers.map((provider) => represent(admin, provider, owned.get(provider.id) ?? [])) });
  });

  routes.get('/:id', requirePermission('providers:read'), async (c) => {
    const store = new ProviderStore(admin.db);
    const provider = await store.get(c.req.param('id'));
    return c.json(represent(admin, provider, (await store.fileOwnedFields()).get(provider.id) ?? []));
  });

  routes.post('/', requirePermission('providers:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, createProviderSchema);
    checkBaseUrl(admin, body.baseUrl);
    if (body.anthropicBaseUrl !== undefined) checkBaseUrl(admin, body.anthropicBaseUrl, 'anthropicBaseUrl');
    const provider: CatalogProvider = {
      id: body.id,
      name: body.name ?? body.id,
      adapter: body.adapter,
      baseUrl: body.baseUrl,
      anthropicBaseUrl: body.anthropicBaseUrl,
      reasoningControl: body.reasoningControl,
      responsesApi: body.responsesApi,
      apiVersion: body.apiVersion,
      region: body.region,
      project: body.project,
      location: body.location,
      headers: body.headers,
      keyOptional: body.keyOptional,
      regions: body.regions,
      dataPolicies: body.dataPolicies,
      enabled: body.enabled ?? true,
      models: body.models.map(modelFromBody),
    };
    let versioned: string[] = [];
    const created = await inChangeTransaction(admin, ['catalog'], provider.id, async (transaction) => {
      const result = await new ProviderStore(transaction).create(provider);
      versioned = await versionCatalogModelPrices(transaction, result, admin.fileOwnedPrices);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'provider.create',
        targetType: 'provider',
        targetId: provider.id,
        requestId: c.get('requestId'),
        details: {
          adapter: provider.adapter,
          baseUrl: provider.baseUrl,
          ...(provider.anthropicBaseUrl ? { anthropicBaseUrl: provider.anthropicBaseUrl } : {}),
          models: provider.models.map((model) => model.id),
          ...(versioned.length > 0 ? { priceVersions: versioned } : {}),
        },
      });
      return result;
    });
    // A provider the admin API creates is the database's; a start may take over what the file names.
    return c.json(represent(admin, created), 201);
  });

  routes.patch('/:id', requirePermission('providers:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, updateProviderSchema);
    if (body.baseUrl !== undefined) checkBaseUrl(admin, body.baseUrl);
    if (typeof body.anthropicBaseUrl === 'string') checkBaseUrl(admin, body.anthropicBaseUrl, 'anthropicBaseUrl');
    const id = c.req.param('id');
    let versioned: string[] = [];
    // Keys are loaded with their provider's endpoints and only sent to those: any endpoint
    // change reloads them too (held ones drop out, the others follow the new path).
    const endpointsChanged = body.baseUrl !== undefined || body.anthropicBaseUrl !== undefined;
    const updated = await inChangeTransaction(
      admin,
      endpointsChanged ? ['catalog', 'provider-keys'] : ['catalog'],
      id,
      async (transaction) => {
        const store = new ProviderStore(transaction);
        const current = await store.get(id);
        const { models, anthropicBaseUrl, reasoningControl, responsesApi, ...fields } = body;
        const next: CatalogProvider = {
          ...current,
          ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
          // null removes the field; absent keeps it.
          anthropicBaseUrl: anthropicBaseUrl === null ? undefined : (anthropicBaseUrl ?? current.anthropicBaseUrl),
          reasoningControl: reasoningControl === null ? undefined : (reasoningControl ?? current.reasoningControl),
          responsesApi: responsesApi === null ? undefined : (responsesApi ?? current.responsesApi),
          headers: body.headers ? headersFromBody(body.headers, current.headers) : current.headers,
          models: models ? models.map(modelFromBody) : current.models,
        };
        const owned = (await store.fileOwnedFields()).get(id) ?? [];
        const refused = changedOwnedFields(current, next, owned);
        if (refused.length > 0) throw ownedByConfigFile(admin, id, refused);
        const result = await store.replace(next, models !== undefined);
        // Issue 15 point 5: keys go only where an admin confirmed they may. A new origin holds
        // every key of the provider for confirmation, in the same transaction as the change, so no
        // instance ever loads an active key beside the new origin.
        const origins = newProviderOrigins(current, next);
        const held =
          origins.length === 0
            ? []
            : await new ProviderKeyStore(transaction, admin.wrapper).markOriginChanged(
                id,
                `provider origin changed to ${origins.join(', ')} at ${new Date().toISOString()}; confirm the key for it`,
              );
        for (const key of held)
          await recordAudit(transaction, {
            actor: c.get('token').id,
            action: 'provider_key.needs_confirmation',
            targetType: 'provider_key',
            targetId: key.id,
            requestId: c.get('requestId'),
            details: { providerId: id, origins },
          });
        if (models !== undefined) {
          versioned = await versionCatalogModelPrices(transaction, result, admin.fileOwnedPrices);
        }
        await recordAudit(transaction, {
          actor: c.get('token').id,
          action: 'provider.update',
          targetType: 'provider',
          targetId: id,
          requestId: c.get('requestId'),
          details: {
            fields: Object.keys(body),
            ...(body.baseUrl ? { baseUrl: body.baseUrl } : {}),
            ...(body.anthropicBaseUrl !== undefined ? { anthropicBaseUrl: body.anthropicBaseUrl } : {}),
            ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
            ...(body.responsesApi !== undefined ? { responsesApi: body.responsesApi } : {}),
            ...(versioned.length > 0 ? { priceVersions: versioned } : {}),
          },
        });
        return result;
      },
    );
    const owned = (await new ProviderStore(admin.db).fileOwnedFields()).get(id) ?? [];
    return c.json(represent(admin, updated, owned));
  });

  routes.delete('/:id', requirePermission('providers:write'), async (c) => {
    const id = c.req.param('id');
    await inChangeTransaction(admin, ['catalog', 'provider-keys'], id, async (transaction) => {
      const store = new ProviderStore(transaction);
      const owned = (await store.fileOwnedFields()).get(id) ?? [];
      // The next start would recreate it from the file: refuse rather than pretend.
      if (owned.length > 0) throw ownedByConfigFile(admin, id, owned);
      await store.delete(id);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'provider.delete',
        targetType: 'provider',
        targetId: id,
        requestId: c.get('requestId'),
      });
    });
    return c.body(null, 204);
  });

  return routes;
}
