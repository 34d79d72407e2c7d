import type { AdminPermission } from '@switchboard/access';
import { roleAllows } from '@switchboard/access';
import type { MiddlewareHandler } from 'hono';
import type { AdminContext } from './admin-context';
import type { AdminEnv } from './admin-env';
import { AdminError, unauthenticated } from './admin-error';
import { adminSessionCookie, csrfHeaderName } from './admin-session-cookie';
import { checkAdminToken } from './check-admin-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer admin token, or the dashboard's session cookie -> the token's summary on the context;
 * every failure is the same 401. A header wins over the cookie, so scripts are never affected by
 * a browser session. A browser sends the cookie with any request to /admin, including one a
 * hostile page makes it send, so a cookie-authenticated change must also carry a header that
 * only a script on this origin can set (the dashboard always sends it).
 */
export function authenticateAdmin(admin: AdminContext): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let presented: string | undefined;
    let via: 'bearer' | 'cookie' = 'bearer';
    if (header !== undefined) {
      presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    } else {
      via = 'cookie';
      presented = adminSessionCookie.read(c);
      if (presented !== undefined && !SAFE_METHODS.has(c.req.method) && c.req.header(csrfHeaderName) !== '1') {
        throw new AdminError(
          403,
          'csrf_header_missing',
          `A change made with the session cookie needs the header ${csrfHeaderName}: 1.`,
        );
      }
    }
    // Nothing presented costs no lookup and counts as no guess (a signed-out dashboard asks too).
    if (!presented) throw unauthenticated();
    c.set('token', await checkAdminToken(admin, c, presented, via));
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
