import type { HttpBindings } from '@hono/node-server';
import type { AdminTokenSummary } from '@switchboard/access';
import { clientKey } from '@switchboard/access';
import type { Context } from 'hono';
import { clientAddress } from '../http/client-address';
import type { AdminContext } from './admin-context';
import type { AdminEnv } from './admin-env';
import { AdminFailedAttempts } from './admin-failed-attempts';
import { recordAudit } from './record-audit';

const fallbackAttempts = new WeakMap<AdminContext, AdminFailedAttempts>();

/**
 * Verifies a presented admin token through the failed-attempt limiter, the client's address
 * read as /v1 reads it (TRUSTED_PROXIES). The failure that locks an address writes one audit
 * entry (`client_address.lock`), so an operator sees a guessing run without reading logs.
 */
export function checkAdminToken(
  admin: AdminContext,
  c: Context<AdminEnv>,
  presented: string,
  via: 'session' | 'bearer' | 'cookie',
): Promise<AdminTokenSummary> {
  let attempts = admin.failedAttempts ?? fallbackAttempts.get(admin);
  if (attempts === undefined) {
    attempts = new AdminFailedAttempts();
    fallbackAttempts.set(admin, attempts);
  }
  // Mounted under the gateway the Node request is in the bindings; `app.request()` in tests has none.
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  const address = incoming ? clientAddress(incoming, admin.gateway.settings.trustedProxies) : 'unknown';
  return attempts.check(
    presented,
    address,
    (token) => admin.tokens.verify(token),
    async (retryAfterSeconds) => {
      admin.gateway.logger.warn({ requestId: c.get('requestId'), clientAddress: address, via }, 'admin sign-in locked');
      await recordAudit(admin.db, {
        actor: 'unauthenticated',
        action: 'client_address.lock',
        targetType: 'client_address',
        targetId: clientKey(address),
        requestId: c.get('requestId'),
        details: { via, retryAfterSeconds },
      });
    },
  );
}
