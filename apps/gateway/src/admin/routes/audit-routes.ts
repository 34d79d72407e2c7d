import { auditLog } from '@switchboard/db';
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { requirePermission } from '../authenticate-admin';
import { parseAdminQuery } from '../invalid-field-error';

const querySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
  target_type: z
    .enum([
      'provider',
      'provider_key',
      'admin_token',
      'api_key',
      'model_alias',
      'client_address',
      'price_version',
      'team',
      'alert',
    ])
    .optional(),
  target_id: z.string().min(1).optional(),
});

/** GET /admin/audit: newest first, paged with `before` (an entry id). */
export function auditRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.get('/', requirePermission('audit:read'), async (c) => {
    const query = parseAdminQuery(c.req.query(), querySchema);
    const conditions: SQL[] = [];
    if (query.before) conditions.push(lt(auditLog.id, query.before));
    if (query.target_type) conditions.push(eq(auditLog.targetType, query.target_type));
    if (query.target_id) conditions.push(eq(auditLog.targetId, query.target_id));
    // The keys role manages providers and their keys; admin tokens are not its business.
    if (c.get('token').role !== 'admin') conditions.push(inArray(auditLog.targetType, ['provider', 'provider_key']));
    const rows = await admin.db
      .select()
      .from(auditLog)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(query.limit);
    return c.json({
      data: rows,
      nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null,
    });
  });
  return routes;
}
