import type { AdminPermission } from '@switchboard/access';
import { roleAllows } from '@switchboard/access';
import type { MiddlewareHandler } from 'hono';
import type { AdminContext } from './admin-context';
import type { AdminEnv } from './admin-env';
import { AdminError, unauthenticated } from './admin-error';

/** Bearer admin token -> the token's summary on the context; every failure is the same 401. */
export function authenticateAdmin(admin: AdminContext): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match ? await admin.tokens.verify(match[1]!) : undefined;
    if (!token) throw unauthenticated();
    c.set('token', token);
    await next();
  };
}

/** 403 naming the permission when the token's role lacks it. */
export function requirePermission(permission: AdminPermission): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = c.get('token');
    if (!roleAllows(token.role, permission)) {
      throw new AdminError(403, 'forbidden', `The '${token.role}' role may not do this (needs ${permission}).`);
    }
    await next();
  };
}
