import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface SessionBody {
  name: string;
  role: string;
  permissions: string[];
}

/** The `name=value` part of the session cookie a response sets, and its attributes. */
function sessionCookie(response: Response): { pair: string; attributes: string } {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith('switchboard_admin='));
  expect(header, 'a switchboard_admin cookie').toBeDefined();
  const [pair, ...attributes] = header!.split(';').map((part) => part.trim());
  return { pair: pair!, attributes: attributes.join('; ') };
}

describe('dashboard sign-in: the admin session cookie', () => {
  let harness: SwitchboardHarness;
  let logsBefore = 0;

  const request = (path: string, init: RequestInit = {}) => fetch(`${harness.url}${path}`, init);
  const signIn = (token: string) =>
    request('/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });

  beforeAll(async () => {
    harness = await startSwitchboardHarness();
    logsBefore = harness.logs.length;
  });
  afterAll(() => harness?.close());

  it('sets an HttpOnly, SameSite=Strict cookie scoped to /admin, and the cookie authenticates reads', async () => {
    const response = await signIn(harness.adminToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      name: 'bootstrap',
      role: 'admin',
      permissions: expect.arrayContaining(['usage:read']),
    });
    const { pair, attributes } = sessionCookie(response);
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/SameSite=Strict/);
    expect(attributes).toMatch(/Path=\/admin(;|$)/);
    expect(attributes).toMatch(/Max-Age=\d+/);
    // Plain http here: Secure would make the browser drop the cookie.
    expect(attributes).not.toMatch(/Secure/);

    const session = await request('/admin/session', { headers: { cookie: pair } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as SessionBody).role).toBe('admin');
    expect((await request('/admin/providers', { headers: { cookie: pair } })).status).toBe(200);
  });

  it('refuses a cookie-authenticated change without the CSRF header, and accepts it with the header', async () => {
    const { pair } = sessionCookie(await signIn(harness.adminToken));
    const body = JSON.stringify({ name: 'csrf-probe', role: 'billing' });
    const refused = await request('/admin/tokens', {
      method: 'POST',
      headers: { cookie: pair, 'content-type': 'application/json' },
      body,
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'csrf_header_missing' } });
    const tokens = await harness.admin<{ data: { name: string }[] }>('GET', '/admin/tokens');
    expect(tokens.body.data.map((token) => token.name)).not.toContain('csrf-probe');

    const accepted = await request('/admin/tokens', {
      method: 'POST',
      headers: { cookie: pair, 'content-type': 'application/json', 'x-switchboard-csrf': '1' },
      body,
    });
    expect(accepted.status).toBe(201);
    // Bearer callers (scripts, the CLI) need no CSRF header: no browser attaches their header by itself.
    expect((await harness.admin('POST', '/admin/tokens', { name: 'bearer-no-csrf', role: 'billing' })).status).toBe(201);
  });

  it('reports a billing token role and permissions, so the dashboard can hide what it may not do; the API refuses anyway', async () => {
    const created = await harness.admin<{ token: string }>('POST', '/admin/tokens', { name: 'finance', role: 'billing' });
    const { pair } = sessionCookie(await signIn(created.body.token));
    const session = (await (await request('/admin/session', { headers: { cookie: pair } })).json()) as SessionBody;
    expect(session).toEqual({
      name: 'finance',
      role: 'billing',
      permissions: ['usage:read', 'providers:read', 'api-keys:read', 'teams:read'],
    });
    const refused = await request('/admin/api-keys', {
      method: 'POST',
      headers: { cookie: pair, 'content-type': 'application/json', 'x-switchboard-csrf': '1' },
      body: JSON.stringify({ name: 'by-finance' }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses a wrong token with the one 401 body, and sets no cookie', async () => {
    const wrong = await signIn(`sb_admin_${'x'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const malformed = await request('/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: harness.adminToken }),
    });
    expect(malformed.status).toBe(400);
    expect((await request('/admin/session')).status).toBe(401);
    expect((await request('/admin/providers', { headers: { cookie: 'switchboard_admin=sb_admin_nonsense' } })).status).toBe(401);
  });

  it('ends the session when the token is revoked, and signs out by clearing the cookie', async () => {
    const created = await harness.admin<{ id: string; token: string }>('POST', '/admin/tokens', {
      name: 'short-lived',
      role: 'keys',
    });
    const { pair } = sessionCookie(await signIn(created.body.token));
    expect((await request('/admin/providers', { headers: { cookie: pair } })).status).toBe(200);
    expect((await harness.admin('DELETE', `/admin/tokens/${created.body.id}`)).status).toBe(200);
    expect((await request('/admin/providers', { headers: { cookie: pair } })).status).toBe(401);

    const signedOut = await request('/admin/session', { method: 'DELETE', headers: { cookie: pair } });
    expect(signedOut.status).toBe(204);
    const cleared = sessionCookie(signedOut);
    expect(cleared.pair).toBe('switchboard_admin=');
    expect(cleared.attributes).toMatch(/Max-Age=0/);
    expect(cleared.attributes).toMatch(/Path=\/admin/);
  });

  it('never writes the token or the cookie into a log line', () => {
    const written = harness.logs.slice(logsBefore).join('\n');
    expect(written).not.toContain(harness.adminToken);
    expect(written).not.toContain('switchboard_admin');
  });
});
