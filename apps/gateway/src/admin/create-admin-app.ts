import { AccessError } from '@switchboard/access';
import { ProviderKeyStoreError, VaultError } from '@switchboard/vault';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { CatalogStoreError } from '../catalog/catalog-store-error';
import { clientRequestIdFrom, newRequestId } from '../http/request-id';
import type { AdminContext } from './admin-context';
import type { AdminEnv } from './admin-env';
import { AdminError } from './admin-error';
import { AdminFailedAttempts } from './admin-failed-attempts';
import { authenticateAdmin } from './authenticate-admin';
import { openApiDocument } from './openapi-document';
import { alertsRoutes } from './routes/alerts-routes';
import { apiKeysRoutes } from './routes/api-keys-routes';
import { auditRoutes } from './routes/audit-routes';
import { catalogRoutes } from './routes/catalog-routes';
import { modelAliasesRoutes } from './routes/model-aliases-routes';
import { pricesRoutes } from './routes/prices-routes';
import { providerKeysRoutes } from './routes/provider-keys-routes';
import { providersRoutes } from './routes/providers-routes';
import { routingRoutes } from './routes/routing-routes';
import { sessionRoutes } from './routes/session-routes';
import { statementsRoutes } from './routes/statements-routes';
import { teamsRoutes } from './routes/teams-routes';
import { tokensRoutes } from './routes/tokens-routes';
import { usageRoutes } from './routes/usage-routes';

const STORE_STATUS = { not_found: 404, conflict: 409, invalid_state: 409, invalid: 400 } as const;

/** Maps what the stores throw to the admin error vocabulary; anything else is a generic 500. */
function toAdminError(error: unknown, logger: Logger, requestId: string): AdminError {
  if (error instanceof AdminError) return error;
  if (error instanceof CatalogStoreError || error instanceof ProviderKeyStoreError || error instanceof AccessError) {
    const status = STORE_STATUS[error.code as keyof typeof STORE_STATUS] ?? 400;
    return new AdminError(status, error.code, error.message);
  }
  if (error instanceof VaultError) {
    logger.error({ requestId, code: error.code }, 'vault error');
    return new AdminError(500, 'vault_error', error.message);
  }
  logger.error({ requestId, err: error }, 'admin request failed');
  return new AdminError(
    500,
    'internal_error',
    'The admin API failed to handle this request. The request id identifies it in the logs.',
  );
}

/** /admin: JSON in and out, admin-token authenticated, every change audited. */
export function createAdminApp(context: AdminContext): Hono<AdminEnv> {
  const admin: AdminContext = { ...context, failedAttempts: context.failedAttempts ?? new AdminFailedAttempts() };
  const app = new Hono<AdminEnv>();
  const document = JSON.stringify(openApiDocument());

  app.use('*', async (c, next) => {
    // Mounted under the gateway, the id is already chosen; standalone (tests), choose it here.
    const requestId = c.get('requestId') ?? newRequestId();
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    const clientRequestId = clientRequestIdFrom(c.req.header('x-request-id'));
    if (clientRequestId !== undefined) c.header('x-client-request-id', clientRequestId);
    c.header('cache-control', 'no-store');
    const started = Date.now();
    await next();
    admin.gateway.logger.info(
      {
        requestId,
        route: 'admin',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        actor: c.get('token')?.id,
        durationMs: Date.now() - started,
      },
      'request',
    );
  });
  app.get('/openapi.json', (c) => c.body(document, 200, { 'content-type': 'application/json' }));
  // Before the blanket authentication: signing in is how a browser gets authenticated.
  app.route('/session', sessionRoutes(admin));
  app.use('*', authenticateAdmin(admin));
  app.route('/providers', providersRoutes(admin));
  app.route('/providers', providerKeysRoutes(admin));
  app.route('/tokens', tokensRoutes(admin));
  app.route('/audit', auditRoutes(admin));
  app.route('/routing', routingRoutes(admin));
  app.route('/model-aliases', modelAliasesRoutes(admin));
  app.route('/api-keys', apiKeysRoutes(admin));
  app.route('/teams', teamsRoutes(admin));
  app.route('/usage', usageRoutes(admin));
  app.route('/statements', statementsRoutes(admin));
  app.route('/prices', pricesRoutes(admin));
  app.route('/catalog', catalogRoutes(admin));
  app.route('/alerts', alertsRoutes(admin));

  // A catch-all rather than notFound: once mounted under the gateway, notFound would be the parent's.
  app.all('*', (c) => {
    throw new AdminError(404, 'not_found', `No admin route ${c.req.method} ${c.req.path}.`);
  });
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? newRequestId();
    const adminError = toAdminError(error, admin.gateway.logger, requestId);
    return c.json({ error: { code: adminError.code, message: adminError.message, requestId } }, adminError.status, {
      'x-request-id': requestId,
      ...(adminError.retryAfter === undefined ? {} : { 'retry-after': String(adminError.retryAfter) }),
      // The rest of an oversized body is never read: closing is cheaper than draining it.
      ...(adminError.status === 413 ? { connection: 'close' } : {}),
    });
  });
  return app;
}
