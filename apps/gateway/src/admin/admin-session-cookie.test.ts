import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { adminSessionCookie } from './admin-session-cookie';

function appWritingTheCookie(): Hono {
  const app = new Hono();
  app.post('/admin/session', (c) => {
    adminSessionCookie.write(c, 'sb_admin_example');
    return c.body(null, 204);
  });
  return app;
}

describe('adminSessionCookie', () => {
  it('is Secure when the request came over HTTPS', async () => {
    const response = await appWritingTheCookie().request('https://gateway.example/admin/session', { method: 'POST' });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^switchboard_admin=sb_admin_example;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/admin/);
  });

  it('is Secure behind a TLS-terminating proxy that says the browser used HTTPS', async () => {
    const response = await appWritingTheCookie().request('http://10.0.0.5:8080/admin/session', {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('is not Secure over plain HTTP, where a browser would drop a Secure cookie', async () => {
    const response = await appWritingTheCookie().request('http://127.0.0.1:8080/admin/session', { method: 'POST' });
    expect(response.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});
