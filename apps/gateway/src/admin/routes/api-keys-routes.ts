import { ApiKeyStore, type ApiKeySummary, type CreateApiKeyInput } from '@switchboard/access';
import { modelAliasNameProblem } from '@switchboard/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { readBudgetUsage } from '../../access/read-budget-usage';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { checkAliasTargets } from '../check-alias-targets';
import { inChangeTransaction } from '../in-change-transaction';
import { inTransaction } from '../in-transaction';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';

// The key store validates every field itself (naming the field, refusing unknown ones), so the
// HTTP layer only insists on a JSON object.
const anyObject = z.record(z.string(), z.unknown());
// How long the old key keeps working beside its successor; default one day.
const rotateBody = z.object({ overlapSeconds: z.number().int().min(0).max(2_592_000).optional() }).strict();

/** Field names only: an audit entry says what changed, never limits' secrets (there are none) or the key. */
function changedFields(body: Record<string, unknown>): string[] {
  return Object.keys(body).sort();
}

/**
 * A key's alias targets must be models the catalog serves, which only the gateway knows (the key
 * store checks the form). Malformed entries are left for the store to name.
 */
function checkKeyAliasTargets(admin: AdminContext, body: Record<string, unknown>): void {
  const aliases = body.modelAliases;
  if (typeof aliases !== 'object' || aliases === null || Array.isArray(aliases)) return;
  for (const [name, targets] of Object.entries(aliases)) {
    if (modelAliasNameProblem(name) !== undefined) continue;
    if (!Array.isArray(targets) || !targets.every((target) => typeof target === 'string' && target !== '')) continue;
    checkAliasTargets(admin.gateway.catalog, `modelAliases.${name}`, targets);
  }
}

/**
 * Spend against budget for the current window, from the same ledger admission reserves in: null
 * for a key without a budget (or a gateway without gateway keys).
 */
async function withBudgetUsage(admin: AdminContext, key: ApiKeySummary) {
  const access = admin.gateway.access;
  if (!access || key.budgetMicros === null || key.budgetPeriod === null) return { ...key, budgetUsage: null };
  const usage = await readBudgetUsage(access, {
    id: key.ledgerKeyId ?? key.id,
    budgetMicros: key.budgetMicros,
    budgetPeriod: key.budgetPeriod,
  });
  return {
    ...key,
    budgetUsage: {
      spentMicros: usage.spentMicros,
      reservedMicros: usage.reservedMicros,
      remainingMicros: usage.remainingMicros,
      windowStart: new Date(usage.windowStartMs).toISOString(),
      windowEnd: usage.windowEndMs === null ? null : new Date(usage.windowEndMs).toISOString(),
      // Spend providers reported beyond their reservations; it closes the window until reset or a raise.
      overageMicros: usage.overageMicros,
      closed: usage.closed,
    },
  };
}

/** /admin/api-keys: the gateway keys developers call /v1 with, shown once at creation. */
export function apiKeysRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('api-keys:read'), async (c) => {
    const keys = await new ApiKeyStore(admin.db).list();
    return c.json({ data: await Promise.all(keys.map((key) => withBudgetUsage(admin, key))) });
  });

  routes.get('/:id', requirePermission('api-keys:read'), async (c) =>
    c.json(await withBudgetUsage(admin, await new ApiKeyStore(admin.db).get(c.req.param('id')))),
  );

  routes.post('/', requirePermission('api-keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, anyObject);
    if (typeof body.name !== 'string') throw new AdminError(400, 'invalid_field', 'name: a name is required');
    checkKeyAliasTargets(admin, body);
    const created = await inTransaction(admin.db, async (transaction) => {
      const result = await new ApiKeyStore(transaction).create(body as unknown as CreateApiKeyInput);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: result.summary.id,
        requestId: c.get('requestId'),
        details: { name: result.summary.name, fields: changedFields(body) },
      });
      return result;
    });
    return c.json({ ...created.summary, key: created.key }, 201);
  });

  routes.patch('/:id', requirePermission('api-keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, anyObject);
    checkKeyAliasTargets(admin, body);
    const id = c.req.param('id');
    const updated = await inChangeTransaction(admin, ['api-keys'], id, async (transaction) => {
      const summary = await new ApiKeyStore(transaction).update(id, body);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'api_key.update',
        targetType: 'api_key',
        targetId: id,
        requestId: c.get('requestId'),
        details: { fields: changedFields(body) },
      });
      return summary;
    });
    return c.json(updated);
  });

  routes.post('/:id/revoke', requirePermission('api-keys:write'), async (c) => {
    const id = c.req.param('id');
    const revoked = await inChangeTransaction(admin, ['api-keys'], id, async (transaction) => {
      const summary = await new ApiKeyStore(transaction).revoke(id);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        requestId: c.get('requestId'),
        details: { name: summary.name },
      });
      return summary;
    });
    return c.json(revoked);
  });

  routes.post('/:id/rotate', requirePermission('api-keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, rotateBody);
    const id = c.req.param('id');
    const overlapSeconds = body.overlapSeconds ?? 86_400;
    const rotated = await inChangeTransaction(admin, ['api-keys'], id, async (transaction) => {
      const result = await new ApiKeyStore(transaction).rotate(id, overlapSeconds);
      const actor = c.get('token').id;
      const requestId = c.get('requestId');
      await recordAudit(transaction, {
        actor,
        action: 'api_key.rotate',
        targetType: 'api_key',
        targetId: id,
        requestId,
        details: { successor: result.created.summary.id, overlapSeconds, expiresAt: result.previous.expiresAt?.toISOString() },
      });
      await recordAudit(transaction, {
        actor,
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: result.created.summary.id,
        requestId,
        details: { name: result.created.summary.name, rotatedFrom: id },
      });
      return result;
    });
    return c.json({ ...rotated.created.summary, key: rotated.created.key, previous: rotated.previous }, 201);
  });

  return routes;
}
