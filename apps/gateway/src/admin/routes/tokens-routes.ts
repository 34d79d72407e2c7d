import { AdminTokenStore, adminRoles } from '@switchboard/access';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { requirePermission } from '../authenticate-admin';
import { inChangeTransaction } from '../in-change-transaction';
import { inTransaction } from '../in-transaction';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  role: z.enum(adminRoles),
});

/** /admin/tokens: admin tokens, shown once at creation and stored only as a hash. */
export function tokensRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('tokens:read'), async (c) => c.json({ data: await admin.tokens.list() }));

  routes.post('/', requirePermission('tokens:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, createTokenSchema);
    const actor = c.get('token');
    const created = await inTransaction(admin.db, async (transaction) => {
      const result = await new AdminTokenStore(transaction).create({ name: body.name, role: body.role, createdBy: actor.id });
      await recordAudit(transaction, {
        actor: actor.id,
        action: 'admin_token.create',
        targetType: 'admin_token',
        targetId: result.summary.id,
        requestId: c.get('requestId'),
        details: { name: body.name, role: body.role },
      });
      return result;
    });
    return c.json({ ...created.summary, token: created.token }, 201);
  });

  routes.delete('/:id', requirePermission('tokens:write'), async (c) => {
    const id = c.req.param('id');
    const revoked = await inChangeTransaction(admin, ['admin-tokens'], id, async (transaction) => {
      const summary = await new AdminTokenStore(transaction).revoke(id);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'admin_token.revoke',
        targetType: 'admin_token',
        targetId: id,
        requestId: c.get('requestId'),
        details: { name: summary.name },
      });
      return summary;
    });
    return c.json(revoked);
  });

  return routes;
}
