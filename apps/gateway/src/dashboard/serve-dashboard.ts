import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Env, Hono } from 'hono';

/**
 * Where `vite build` writes the dashboard (apps/dashboard/dist). Found by path, not by import:
 * the dashboard depends on nothing internal and the gateway only serves its files. The nearest
 * ancestor with an `apps/dashboard` folder is the repository root (or the image's /app), so the
 * lookup works from apps/gateway/src (tsx) and from a production bundle in dist/ (see
 * infra/build-production.mjs).
 */
export function findDashboardDirectory(moduleUrl: string): string {
  for (let directory = dirname(fileURLToPath(moduleUrl)); ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'apps', 'dashboard'))) return join(directory, 'apps', 'dashboard', 'dist') + sep;
    if (dirname(directory) === directory) break;
  }
  return fileURLToPath(new URL('../../../dashboard/dist/', moduleUrl));
}

export const defaultDashboardDirectory = findDashboardDirectory(import.meta.url);

// A Map: the extension comes from the requested path (`/dashboard/x.constructor`).
const CONTENT_TYPES = new Map<string, string>([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.json', 'application/json'],
  ['.woff2', 'font/woff2'],
  ['.map', 'application/json'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

// The page talks only to its own origin's /admin; nothing inline runs, nothing frames it.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const MISSING_BUILD =
  'The dashboard has not been built. Run `npm run build:dashboard` (or `npm install`, which builds it) and reload.\n';

/**
 * GET /dashboard and everything under it: the built single-page app. Hashed files under assets/
 * never change, so browsers keep them for a year; index.html is revalidated every time so a new
 * build is picked up at once. Any other path is a client-side route and gets index.html.
 */
export function serveDashboard<E extends Env>(app: Hono<E>, directory = defaultDashboardDirectory): void {
  const root = normalize(directory.endsWith(sep) ? directory : directory + sep);

  async function sendIndex(c: Context<E>): Promise<Response> {
    let html: Buffer;
    try {
      html = await readFile(join(root, 'index.html'));
    } catch {
      return c.body(MISSING_BUILD, 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    }
    return c.body(new Uint8Array(html), 200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES.get('.html')!,
      'cache-control': 'no-cache',
    });
  }

  app.get('/dashboard', (c) => c.redirect('/dashboard/', 301));
  app.get('/dashboard/*', async (c) => {
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path.slice('/dashboard/'.length));
    } catch {
      return c.text('Not found.\n', 404);
    }
    const extension = extname(relative);
    // Only paths that look like files are read from disk; the rest are the app's own routes.
    if (relative === '' || relative === 'index.html' || extension === '') return sendIndex(c);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) return c.text('Not found.\n', 404);
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return c.text('Not found.\n', 404, { 'cache-control': 'no-store' });
    }
    const hashed = relative.startsWith('assets/');
    return c.body(new Uint8Array(content), 200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES.get(extension) ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });
}
