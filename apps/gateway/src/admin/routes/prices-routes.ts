import {
  diffPriceSheet,
  MAX_REPRICED_EVENTS,
  type NewPriceVersion,
  PriceSheetError,
  PriceVersionStore,
  parsePriceEntry,
  parsePriceSheet,
  priceFieldNames,
  priceSheetEntry,
  priceSheetFromVersions,
  RepriceRangeTooLargeError,
  repriceUsageEvents,
  weekdays,
} from '@switchboard/usage';
import { Hono } from 'hono';
import { z } from 'zod';
import { recordChange } from '../../changes/record-change';
import { DEFAULT_PRICE_MAX_AGE_DAYS } from '../../prices/price-staleness';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { inChangeTransaction } from '../in-change-transaction';
import { inTransaction } from '../in-transaction';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';

const decimal = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'USD per 1M tokens as a decimal string, at most 6 decimals');
const priceSet = z.strictObject(Object.fromEntries(priceFieldNames.map((name) => [name, decimal.optional()])));
const instant = z.string().describe('ISO 8601 in UTC, e.g. 2026-04-26T00:00:00Z');

/** One price version as the admin API and the price sheet write it (docs/price-sheet.md). */
export const priceEntrySchema = z.strictObject({
  id: z.string().optional(),
  provider: z.string().min(1),
  model: z.string().min(1),
  effectiveFrom: instant,
  effectiveUntil: instant.nullable().optional(),
  source: z.string().optional(),
  usdPerMillion: priceSet.extend({ input: decimal, output: decimal }),
  schedules: z
    .array(
      z.strictObject({
        name: z.string().optional(),
        days: z.array(z.enum(weekdays)).optional(),
        from: z.string(),
        until: z.string(),
        usdPerMillion: priceSet,
      }),
    )
    .optional(),
  tiers: z.array(z.strictObject({ aboveInputTokens: z.number().int().nonnegative(), usdPerMillion: priceSet })).optional(),
  note: z.string().max(500).nullable().optional(),
});

export const priceSheetSchema = z.strictObject({
  format: z.literal('switchboard-price-sheet/1'),
  exportedAt: z.string().optional(),
  prices: z.array(priceEntrySchema).max(10_000),
});

export const repriceSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  from: instant,
  to: instant,
  priceVersionId: z.string().min(1),
  reason: z.string().min(1).max(500),
});

/** A version may start in the past only for a model no version prices yet, so history stays explained by the versions that priced it. */
const PAST_TOLERANCE_MS = 5 * 60_000;

function checked<Result>(work: () => Result): Result {
  try {
    return work();
  } catch (error) {
    if (error instanceof PriceSheetError) throw new AdminError(400, 'invalid_field', error.message);
    throw error;
  }
}

function refuseFileOwned(admin: AdminContext, versions: readonly NewPriceVersion[]): void {
  for (const version of versions) {
    const key = `${version.providerId}/${version.modelId}`;
    if (!admin.fileOwnedPrices?.has(key)) continue;
    throw new AdminError(
      409,
      'owned_by_config_file',
      `The price of '${key}' is set in the config file${admin.configPath ? ` '${admin.configPath}'` : ''} (SWITCHBOARD_CONFIG); change it there (a start with a changed price makes a new version).`,
    );
  }
}

async function refuseRewritingHistory(
  store: PriceVersionStore,
  versions: readonly NewPriceVersion[],
  now: number,
): Promise<void> {
  for (const version of versions) {
    if (version.effectiveFrom >= now - PAST_TOLERANCE_MS) continue;
    const existing = await store.list({ providerId: version.providerId, modelId: version.modelId });
    if (existing.length === 0) continue;
    throw new AdminError(
      400,
      'invalid_field',
      `effectiveFrom: ${new Date(version.effectiveFrom).toISOString()} is in the past and '${version.providerId}/${version.modelId}' already has price versions; history is never re-priced by a new version (start it now or later, or re-price the range with POST /admin/prices/reprice).`,
    );
  }
}

/**
 * /admin/prices: the price book. Versions are only added, never edited (every usage event names
 * the version that priced it); export and import a JSON price sheet; re-price a past range
 * deliberately, audited.
 */
export function pricesRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('providers:read'), async (c) => {
    const provider = c.req.query('provider') || undefined;
    const model = c.req.query('model') || undefined;
    const versions = await new PriceVersionStore(admin.db).list({ providerId: provider, modelId: model });
    const now = Date.now();
    const book = admin.gateway.priceBook;
    const maxAgeMs = (admin.priceMaxAgeDays ?? DEFAULT_PRICE_MAX_AGE_DAYS) * 86_400_000;
    return c.json({
      data: versions.map((version) => {
        const inForce = book?.versionAt(version.providerId, version.modelId, now)?.version.id === version.id;
        const free = version.prices.input === 0 && version.prices.output === 0;
        return {
          ...priceSheetEntry(version),
          inForce,
          // The price in force took effect (for a built-in one: its page was read) longer ago than PRICE_MAX_AGE_DAYS.
          stale: inForce && !free && now - version.effectiveFrom > maxAgeMs,
          fileOwned: admin.fileOwnedPrices?.has(`${version.providerId}/${version.modelId}`) ?? false,
        };
      }),
    });
  });

  routes.post('/', requirePermission('providers:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, priceEntrySchema);
    const version = checked(() => parsePriceEntry(body, '(body)', 'admin'));
    refuseFileOwned(admin, [version]);
    const created = await inChangeTransaction(
      admin,
      ['prices'],
      `${version.providerId}/${version.modelId}`,
      async (transaction) => {
        const store = new PriceVersionStore(transaction);
        await refuseRewritingHistory(store, [version], Date.now());
        const [stored] = await store.add([version]);
        await recordAudit(transaction, {
          actor: c.get('token').id,
          action: 'price_version.create',
          targetType: 'price_version',
          targetId: stored!.id,
          requestId: c.get('requestId'),
          details: { provider: version.providerId, model: version.modelId, effectiveFrom: body.effectiveFrom },
        });
        return stored!;
      },
    );
    return c.json(priceSheetEntry(created), 201);
  });

  routes.get('/export', requirePermission('providers:read'), async (c) => {
    const provider = c.req.query('provider') || undefined;
    const versions = await new PriceVersionStore(admin.db).list({ providerId: provider });
    return c.json(priceSheetFromVersions(versions), 200, {
      'content-disposition': `attachment; filename="switchboard-prices-${new Date().toISOString().slice(0, 10)}.json"`,
    });
  });

  routes.post('/import', requirePermission('providers:write'), async (c) => {
    const dryRun = c.req.query('dryRun') === 'true';
    const body = await parseAdminBody(c.req.raw, priceSheetSchema);
    const incoming = checked(() => parsePriceSheet(body));
    refuseFileOwned(admin, incoming);
    // The change-feed row commits with the versions (nothing to announce for a dry run).
    let sequence = 0;
    const report = await inTransaction(admin.db, async (transaction) => {
      const store = new PriceVersionStore(transaction);
      const diff = diffPriceSheet(await store.list(), incoming);
      await refuseRewritingHistory(store, diff.added, Date.now());
      const added = dryRun ? [] : await store.add(diff.added);
      if (!dryRun && added.length > 0) {
        await recordAudit(transaction, {
          actor: c.get('token').id,
          action: 'price_sheet.import',
          targetType: 'price_version',
          targetId: added.length === 1 ? added[0]!.id : `${added.length} versions`,
          requestId: c.get('requestId'),
          details: { added: added.map((version) => version.id), changed: diff.changed.length, unchanged: diff.unchanged },
        });
        sequence = await recordChange(transaction, 'prices', 'price-sheet');
      }
      return {
        dryRun,
        added: (dryRun ? diff.added : added).map((version) => ({
          provider: version.providerId,
          model: version.modelId,
          effectiveFrom: new Date(version.effectiveFrom).toISOString(),
          ...('id' in version ? { id: version.id } : {}),
        })),
        changed: diff.changed.map((change) => ({
          provider: change.incoming.providerId,
          model: change.incoming.modelId,
          effectiveFrom: new Date(change.incoming.effectiveFrom).toISOString(),
          replaces: change.replaces,
        })),
        unchanged: diff.unchanged,
      };
    });
    if (sequence > 0) await admin.changes.announce(sequence);
    return c.json(report);
  });

  routes.post('/reprice', requirePermission('providers:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, repriceSchema);
    const fromMs = Date.parse(body.from);
    const toMs = Date.parse(body.to);
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) {
      throw new AdminError(400, 'invalid_field', 'from, to: ISO 8601 instants with from before to');
    }
    const version = await new PriceVersionStore(admin.db).get(body.priceVersionId);
    if (!version) throw new AdminError(404, 'not_found', `No price version '${body.priceVersionId}'.`);
    if (version.providerId !== body.provider || version.modelId !== body.model) {
      throw new AdminError(
        400,
        'invalid_field',
        `priceVersionId: '${version.id}' prices ${version.providerId}/${version.modelId}, not ${body.provider}/${body.model}`,
      );
    }
    const format = admin.gateway.catalog.provider(body.provider)?.adapter === 'anthropic' ? 'anthropic' : 'other';
    let result: Awaited<ReturnType<typeof repriceUsageEvents>>;
    try {
      result = await repriceUsageEvents(
        admin.db,
        { providerId: body.provider, modelId: body.model, fromMs, toMs },
        version,
        format,
      );
    } catch (error) {
      if (error instanceof RepriceRangeTooLargeError) {
        throw new AdminError(400, 'invalid_field', `from, to: ${error.message} (at most ${MAX_REPRICED_EVENTS} events)`);
      }
      throw error;
    }
    await recordAudit(admin.db, {
      actor: c.get('token').id,
      action: 'usage.reprice',
      targetType: 'price_version',
      targetId: version.id,
      requestId: c.get('requestId'),
      details: { provider: body.provider, model: body.model, from: body.from, to: body.to, reason: body.reason, ...result },
    });
    return c.json(result);
  });

  return routes;
}
