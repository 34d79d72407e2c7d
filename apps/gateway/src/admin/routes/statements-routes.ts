import { buildUsageStatement, listUsageStatements, monthRange } from '@switchboard/usage';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { requirePermission } from '../authenticate-admin';
import { parseAdminQuery } from '../invalid-field-error';
import { statementCsv, statementHtml, statementJson } from './statement-documents';

const querySchema = z.strictObject({
  month: z
    .string()
    .refine((value) => monthRange(value) !== undefined, 'must be a UTC month as YYYY-MM')
    .optional(),
  apiKeyId: z.string().min(1).optional(),
  format: z.enum(['json', 'csv', 'html']).default('json'),
});

/**
 * GET /admin/statements: without `month`, the months with usage per scope (whole gateway, each
 * key) to invoice; with `month=YYYY-MM`, that month's statement for the gateway or `apiKeyId`
 * as JSON, CSV or a printable HTML page. Read with `usage:read`, which the billing role has.
 */
export function statementsRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.get('/', requirePermission('usage:read'), async (c) => {
    const query = parseAdminQuery(c.req.query(), querySchema);
    const scope = query.apiKeyId === undefined ? {} : { apiKeyId: query.apiKeyId };
    if (query.month === undefined) return c.json({ data: await listUsageStatements(admin.db, scope) });
    const statement = await buildUsageStatement(admin.db, query.month, scope);
    const name = `switchboard-statement-${query.month}${query.apiKeyId === undefined ? '' : `-${query.apiKeyId}`}`;
    if (query.format === 'csv') {
      return c.body(statementCsv(statement), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv"`,
      });
    }
    if (query.format === 'html') {
      return c.body(statementHtml(statement), 200, {
        'content-type': 'text/html; charset=utf-8',
        // Escaped already; the policy makes sure nothing could run even if a value slipped through.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        'x-content-type-options': 'nosniff',
      });
    }
    return c.json(statementJson(statement));
  });
  return routes;
}
