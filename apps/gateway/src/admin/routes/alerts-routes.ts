import { randomBytes } from 'node:crypto';
import {
  AlertError,
  type AlertScope,
  alertScopeColumns,
  alertScopeFromColumns,
  resolveScopeUsage,
  sealAlertSecret,
} from '@switchboard/alerts';
import { type AlertRow, alertFirings, alerts, budgetPeriods, usdToMicros } from '@switchboard/db';
import { validateProviderBaseUrl } from '@switchboard/egress';
import { newId } from '@switchboard/protocol';
import { and, desc, eq, lt } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError, notFound } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { inTransaction } from '../in-transaction';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';

const scopeSchema = z.union([
  z.strictObject({ apiKeyId: z.string().min(1).max(100) }),
  z.strictObject({ teamId: z.string().min(1).max(100) }),
  z.strictObject({ gateway: z.literal(true) }),
]);
const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), url: z.string().max(2000) }),
  z.strictObject({ type: z.literal('slack'), url: z.string().max(2000) }),
  z.strictObject({ type: z.literal('email'), to: z.email().max(320) }),
]);
const optionsSchema = z.strictObject({
  metric: z.enum(['spend', 'error_rate']).optional(),
  windowMinutes: z.number().int().min(1).max(10_080).optional(),
  baselineWindows: z.number().int().min(1).max(168).optional(),
  minimumSpendMicros: z.number().int().min(0).optional(),
  minimumRequests: z.number().int().min(1).optional(),
  minimumErrorRate: z.number().min(0).max(1).optional(),
});
const thresholdsSchema = z.array(z.number().positive().max(100_000)).min(1).max(10);

export const createAlertSchema = z.strictObject({
  scope: scopeSchema,
  kind: z.enum(['budget', 'forecast', 'spike', 'new_address']),
  thresholds: thresholdsSchema.optional(),
  channel: channelSchema,
  /** The budget a gateway-wide budget or forecast rule measures against (the gateway has none). */
  budgetUsd: z.number().positive().optional(),
  budgetPeriod: z.enum(budgetPeriods).optional(),
  options: optionsSchema.optional(),
  enabled: z.boolean().optional(),
});
export const updateAlertSchema = z.strictObject({
  thresholds: thresholdsSchema.optional(),
  channel: channelSchema.optional(),
  options: optionsSchema.optional(),
  enabled: z.boolean().optional(),
});

/** A Slack incoming-webhook URL is itself a credential: shown by its origin only. */
function channelRepresentation(alert: AlertRow) {
  if (alert.channelType === 'email') return { type: 'email', to: alert.channelTarget };
  if (alert.channelType === 'slack') return { type: 'slack', url: `${new URL(alert.channelTarget).origin}/…` };
  return { type: 'webhook', url: alert.channelTarget };
}

export function alertRepresentation(alert: AlertRow) {
  const { budgetMicros, budgetPeriod, ...options } = alert.options;
  return {
    id: alert.id,
    scope: alertScopeFromColumns(alert.scopeType, alert.scopeId),
    kind: alert.kind,
    thresholds: alert.thresholds,
    channel: channelRepresentation(alert),
    ...(typeof budgetMicros === 'number' ? { budgetUsd: budgetMicros / 1_000_000, budgetPeriod } : {}),
    options,
    enabled: alert.enabled,
    createdAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
  };
}

function checkChannel(admin: AdminContext, channel: z.infer<typeof channelSchema>): string {
  if (channel.type === 'email') return channel.to;
  const verdict = validateProviderBaseUrl(channel.url, admin.egress);
  if (!verdict.ok) throw new AdminError(400, 'invalid_field', `channel.url: ${verdict.reason}`);
  return verdict.url.toString();
}

async function checkScope(admin: AdminContext, scope: AlertScope, kind: string, budgetUsd?: number, budgetPeriod?: string) {
  try {
    await resolveScopeUsage(admin.db, scope);
  } catch (error) {
    if (error instanceof AlertError) {
      throw new AdminError(
        error.code === 'not_found' ? 404 : 400,
        error.code === 'not_found' ? 'not_found' : 'invalid_field',
        `scope: ${error.message}`,
      );
    }
    throw error;
  }
  if ((budgetUsd === undefined) !== (budgetPeriod === undefined)) {
    throw new AdminError(400, 'invalid_field', 'budgetUsd and budgetPeriod: set both or neither');
  }
  if ('gateway' in scope && (kind === 'budget' || kind === 'forecast') && budgetUsd === undefined) {
    throw new AdminError(
      400,
      'invalid_field',
      'budgetUsd: a gateway-wide budget or forecast alert needs budgetUsd and budgetPeriod',
    );
  }
  if (budgetPeriod === 'total' && kind === 'forecast') {
    throw new AdminError(400, 'invalid_field', 'budgetPeriod: a total budget never ends, so it has no forecast');
  }
}

async function findAlert(admin: AdminContext, id: string): Promise<AlertRow> {
  const [alert] = await admin.db.select().from(alerts).where(eq(alerts.id, id));
  if (alert === undefined) throw notFound(`The alert ${id}`);
  return alert;
}

/**
 * /admin/alerts: rules that watch a key or the gateway (teams when they exist) and deliver to a
 * webhook, Slack or email. Evaluation and delivery run in the worker (or the embedded gateway).
 */
export function alertsRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('usage:read'), async (c) => {
    const rows = await admin.db.select().from(alerts).orderBy(desc(alerts.createdAt));
    return c.json({ data: rows.map(alertRepresentation) });
  });

  routes.get('/:id', requirePermission('usage:read'), async (c) =>
    c.json(alertRepresentation(await findAlert(admin, c.req.param('id')))),
  );

  routes.get('/:id/deliveries', requirePermission('usage:read'), async (c) => {
    const alert = await findAlert(admin, c.req.param('id'));
    const limit = Math.min(Number(c.req.query('limit')) || 100, 500);
    const before = c.req.query('before');
    if (before !== undefined && Number.isNaN(Date.parse(before))) {
      throw new AdminError(400, 'invalid_field', 'before: an ISO 8601 time such as 2026-12-01T00:00:00Z');
    }
    const rows = await admin.db
      .select()
      .from(alertFirings)
      .where(
        before === undefined
          ? eq(alertFirings.alertId, alert.id)
          : and(eq(alertFirings.alertId, alert.id), lt(alertFirings.firedAt, new Date(before))),
      )
      .orderBy(desc(alertFirings.firedAt))
      .limit(limit);
    return c.json({
      data: rows.map((row) => ({
        id: row.id,
        alertId: row.alertId,
        periodStart: row.periodStart.toISOString(),
        threshold: row.threshold,
        value: row.value,
        firedAt: row.firedAt.toISOString(),
        status: row.status,
        deliveredAt: row.deliveredAt?.toISOString() ?? null,
        attempts: row.attempts,
        payload: row.payload,
      })),
    });
  });

  routes.post('/', requirePermission('api-keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, createAlertSchema);
    await checkScope(admin, body.scope, body.kind, body.budgetUsd, body.budgetPeriod);
    const target = checkChannel(admin, body.channel);
    const id = newId('alr');
    const secret = body.channel.type === 'webhook' ? `whsec_${randomBytes(32).toString('base64url')}` : undefined;
    const sealed = secret === undefined ? undefined : await sealAlertSecret(id, secret, admin.wrapper);
    const created = await inTransaction(admin.db, async (transaction) => {
      const [row] = await transaction
        .insert(alerts)
        .values({
          id,
          ...alertScopeColumns(body.scope),
          kind: body.kind,
          thresholds: body.thresholds ?? [],
          options: {
            ...(body.options ?? {}),
            ...(body.budgetUsd === undefined
              ? {}
              : { budgetMicros: usdToMicros(body.budgetUsd), budgetPeriod: body.budgetPeriod }),
          },
          channelType: body.channel.type,
          channelTarget: target,
          enabled: body.enabled ?? true,
          ...(sealed
            ? {
                secretCiphertext: sealed.ciphertext,
                secretNonce: sealed.nonce,
                secretAuthTag: sealed.authTag,
                secretWrappedDek: sealed.wrappedDek,
                secretKekId: sealed.kekId,
              }
            : {}),
        })
        .returning();
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'alert.create',
        targetType: 'alert',
        targetId: id,
        requestId: c.get('requestId'),
        details: { kind: body.kind, scope: body.scope, channel: body.channel.type },
      });
      return row!;
    });
    // The signing secret is shown this once; only its sealed form is kept.
    return c.json({ ...alertRepresentation(created), ...(secret ? { secret } : {}) }, 201);
  });

  routes.patch('/:id', requirePermission('api-keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, updateAlertSchema);
    const existing = await findAlert(admin, c.req.param('id'));
    if (body.channel && body.channel.type !== existing.channelType) {
      throw new AdminError(400, 'invalid_field', 'channel.type: a channel keeps its type; create a new alert for another');
    }
    const target = body.channel ? checkChannel(admin, body.channel) : undefined;
    const { budgetMicros, budgetPeriod } = existing.options;
    const updated = await inTransaction(admin.db, async (transaction) => {
      const [row] = await transaction
        .update(alerts)
        .set({
          ...(body.thresholds ? { thresholds: body.thresholds } : {}),
          ...(target ? { channelTarget: target } : {}),
          ...(body.options
            ? { options: { ...body.options, ...(budgetMicros === undefined ? {} : { budgetMicros, budgetPeriod }) } }
            : {}),
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
          updatedAt: new Date(),
        })
        .where(eq(alerts.id, existing.id))
        .returning();
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'alert.update',
        targetType: 'alert',
        targetId: existing.id,
        requestId: c.get('requestId'),
        details: { fields: Object.keys(body).sort() },
      });
      return row!;
    });
    return c.json(alertRepresentation(updated));
  });

  routes.delete('/:id', requirePermission('api-keys:write'), async (c) => {
    const existing = await findAlert(admin, c.req.param('id'));
    await inTransaction(admin.db, async (transaction) => {
      await transaction.delete(alerts).where(eq(alerts.id, existing.id));
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'alert.delete',
        targetType: 'alert',
        targetId: existing.id,
        requestId: c.get('requestId'),
        details: { kind: existing.kind },
      });
    });
    return c.body(null, 204);
  });

  return routes;
}
