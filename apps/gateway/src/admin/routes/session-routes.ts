import { rolePermissions } from '@switchboard/access';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { adminSessionCookie } from '../admin-session-cookie';
import { authenticateAdmin } from '../authenticate-admin';
import { checkAdminToken } from '../check-admin-token';
import { parseAdminBody } from '../parse-admin-body';

const signInSchema = z.strictObject({ token: z.string().min(1).max(200) });

/**
 * /admin/session: the dashboard's sign-in. POST checks an admin token and puts it in an HttpOnly
 * cookie, so the page never holds it in storage a script could read; GET tells the page who is
 * signed in and what the role may do (so it hides what would be refused); DELETE signs out.
 */
export function sessionRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.post('/', async (c) => {
    const body = await parseAdminBody(c.req.raw, signInSchema);
    const token = await checkAdminToken(admin, c, body.token.trim(), 'session');
    adminSessionCookie.write(c, body.token.trim());
    return c.json({ name: token.name, role: token.role, permissions: rolePermissions[token.role] });
  });

  // Signing out needs no valid session: it only clears the cookie, so a revoked token's stale
  // cookie can still be dropped.
  routes.delete('/', (c) => {
    adminSessionCookie.clear(c);
    return c.body(null, 204);
  });

  routes.get('/', authenticateAdmin(admin), (c) => {
    const token = c.get('token');
    return c.json({ name: token.name, role: token.role, permissions: rolePermissions[token.role] });
  });

  return routes;
}
