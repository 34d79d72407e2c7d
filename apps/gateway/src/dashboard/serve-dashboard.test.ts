import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDashboard } from './serve-dashboard';

describe('serveDashboard', () => {
  let directory: string;
  let app: Hono;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dashboard-dist-'));
    await mkdir(join(directory, 'assets'));
    await writeFile(join(directory, 'index.html'), '<!doctype html><title>Switchboard</title>');
    await writeFile(join(directory, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(directory, 'favicon.svg'), '<svg/>');
    await writeFile(join(tmpdir(), 'outside-the-dashboard.txt'), 'secret');
    app = new Hono();
    serveDashboard(app, directory);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await rm(join(tmpdir(), 'outside-the-dashboard.txt'), { force: true });
  });

  it('serves index.html revalidated on every load, with a strict content security policy', async () => {
    const response = await app.request('/dashboard/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain('<title>Switchboard</title>');
  });

  it('redirects /dashboard to /dashboard/, so relative asset paths resolve', async () => {
    const response = await app.request('/dashboard');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/dashboard/');
  });

  it('answers client-side routes with index.html', async () => {
    for (const path of ['/dashboard/usage', '/dashboard/keys/key_123']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<title>Switchboard</title>');
    }
  });

  it('caches hashed assets for a year, other files not', async () => {
    const asset = await app.request('/dashboard/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await app.request('/dashboard/favicon.svg');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('404s a missing file instead of answering HTML where a script was expected', async () => {
    const response = await app.request('/dashboard/assets/gone-999.js');
    expect(response.status).toBe(404);
  });

  it('never serves a file outside the build directory', async () => {
    for (const path of [
      '/dashboard/..%2Foutside-the-dashboard.txt',
      '/dashboard/%2e%2e/outside-the-dashboard.txt',
      '/dashboard/%E0%A4%A',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('says how to build the dashboard when it has not been built', async () => {
    const unbuilt = new Hono();
    serveDashboard(unbuilt, join(directory, 'no-such-dist'));
    const response = await unbuilt.request('/dashboard/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:dashboard');
  });
});
