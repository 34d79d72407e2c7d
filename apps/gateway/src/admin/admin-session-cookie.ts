import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The cookie the dashboard signs in with; scoped to /admin so no other route ever receives it. */
export const adminSessionCookieName = 'switchboard_admin';

/** The header a cookie-authenticated change must carry; a cross-site form or image cannot set it. */
export const csrfHeaderName = 'x-switchboard-csrf';

// A browser forgets the session after a working day even if the tab stays open; the token itself
// stays valid, so signing in again is one paste.
const sessionLifetimeSeconds = 8 * 60 * 60;

/**
 * Whether the browser reached us over HTTPS: directly, or through a TLS-terminating proxy that
 * says so. Believing the header costs nothing: Secure only narrows where the cookie is sent.
 */
function overHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** The attributes the cookie is set and cleared with. */
function attributes(c: Context) {
  return { path: '/admin', httpOnly: true, sameSite: 'Strict', secure: overHttps(c) } as const;
}

/**
 * The session cookie. It holds the admin token itself rather than a signed session: every instance
 * can check it without a shared session secret, revoking the token ends every session at once,
 * and the server only ever stores the token's hash. HttpOnly keeps it from page scripts (so an
 * injected script cannot read it), SameSite=Strict and Path=/admin keep it off every cross-site
 * request and every route but the admin API, and Secure is set whenever the page came over HTTPS
 * (or a proxy says it did).
 */
export const adminSessionCookie = {
  read(c: Context): string | undefined {
    return getCookie(c, adminSessionCookieName);
  },
  write(c: Context, token: string): void {
    setCookie(c, adminSessionCookieName, token, { ...attributes(c), maxAge: sessionLifetimeSeconds });
  },
  clear(c: Context): void {
    // A browser only drops the cookie for the same path and flags it was set with.
    deleteCookie(c, adminSessionCookieName, attributes(c));
  },
};
