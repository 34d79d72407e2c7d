import { Hono } from 'hono';
import { z } from 'zod';
import { importCatalog } from '../../catalog-import/import-catalog';
import { CatalogImportError, type CatalogImportFormat } from '../../catalog-import/imported-catalog';
import { readCatalogFile } from '../../catalog-import/read-catalog-file';
import { DEFAULT_PRICE_MAX_AGE_DAYS, modelPriceAges } from '../../prices/price-staleness';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { parseAdminBody } from '../parse-admin-body';

/** A whole LiteLLM price map is a few MiB; nothing else the admin API takes comes near. */
const IMPORT_LIMIT_BYTES = 16 * 1024 * 1024;
const formats: readonly CatalogImportFormat[] = ['price-sheet', 'openrouter', 'litellm'];

function adminError(error: unknown): never {
  if (error instanceof CatalogImportError) throw new AdminError(error.status, error.code, error.message);
  throw error;
}

/**
 * /admin/catalog: keeping the catalog current. `POST /import` takes a file as its body (a price
 * sheet, OpenRouter's /models answer or LiteLLM's price map; `?format=` when its shape does not
 * say), with `?dryRun=true`, `?effectiveFrom=` (ISO 8601; default now) and `?provider=` (the
 * catalog provider an OpenRouter or LiteLLM file's models belong to), and answers the diff: the
 * same importCatalog as `npm run catalog:import`. `GET /price-ages` flags prices older than
 * PRICE_MAX_AGE_DAYS.
 */
export function catalogRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.post('/import', requirePermission('providers:write'), async (c) => {
    const dryRun = c.req.query('dryRun') === 'true';
    const formatQuery = c.req.query('format') || undefined;
    if (formatQuery !== undefined && !formats.includes(formatQuery as CatalogImportFormat)) {
      throw new AdminError(400, 'invalid_field', `format: one of ${formats.join(', ')}`);
    }
    const effectiveFromQuery = c.req.query('effectiveFrom') || undefined;
    const effectiveFrom = effectiveFromQuery === undefined ? undefined : Date.parse(effectiveFromQuery);
    if (effectiveFrom !== undefined && !Number.isFinite(effectiveFrom)) {
      throw new AdminError(400, 'invalid_field', 'effectiveFrom: an ISO 8601 date-time, e.g. 2026-12-03T00:00:00Z');
    }
    const document = await parseAdminBody(c.req.raw, z.unknown(), IMPORT_LIMIT_BYTES);
    let report: Awaited<ReturnType<typeof importCatalog>>;
    try {
      const imported = readCatalogFile(document, {
        format: formatQuery as CatalogImportFormat | undefined,
        provider: c.req.query('provider') || undefined,
      });
      report = await importCatalog(admin.db, imported, {
        dryRun,
        effectiveFrom,
        actor: c.get('token').id,
        requestId: c.get('requestId'),
        fileOwnedPrices: admin.fileOwnedPrices,
        fileOwnedProviders: admin.fileOwnedProviders,
        configPath: admin.configPath,
      });
    } catch (error) {
      adminError(error);
    }
    if (report.changeSequence > 0) await admin.changes.announce(report.changeSequence);
    return c.json(report);
  });

  routes.get('/price-ages', requirePermission('providers:read'), (c) => {
    const maxAgeDays = admin.priceMaxAgeDays ?? DEFAULT_PRICE_MAX_AGE_DAYS;
    const ages = modelPriceAges(admin.gateway.catalog.catalog, admin.gateway.priceBook, maxAgeDays);
    return c.json({ maxAgeDays, stale: ages.filter((age) => age.stale).length, data: ages });
  });

  return routes;
}
