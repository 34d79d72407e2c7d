import { adapterFor, ProviderKeyFormatError } from '@switchboard/providers';
import { ProviderKeyStore } from '@switchboard/vault';
import { Hono } from 'hono';
import { z } from 'zod';
import { ProviderStore } from '../../catalog/provider-store';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { inChangeTransaction } from '../in-change-transaction';
import { providerOrigins } from '../new-provider-origins';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';
import { testProviderKey } from '../test-provider-key';

const keyNameSchema = z.string().trim().min(1).max(64);
const secretSchema = z.string().min(1).max(8192);
const createKeySchema = z.strictObject({ name: keyNameSchema, secret: secretSchema });
const rotateKeySchema = z.strictObject({ secret: secretSchema });
const statusChangeSchema = z.strictObject({ reason: z.string().max(500).optional() });

const STATUS_FOR_ACTION = { disable: 'disabled', enable: 'active', revoke: 'revoked' } as const;

/**
 * A key in the shape its provider's wire format needs (a Bedrock key pair, a Vertex service
 * account), checked before it is sealed: a malformed one would only fail at its first request.
 */
async function checkKeyShape(admin: AdminContext, providerId: string, secret: string): Promise<void> {
  const provider = await new ProviderStore(admin.db).get(providerId);
  try {
    adapterFor(provider.adapter).validateKey?.(secret);
  } catch (error) {
    if (error instanceof ProviderKeyFormatError) throw new AdminError(400, 'invalid_field', `secret: ${error.message}`);
    throw error;
  }
}

/** /admin/providers/{id}/keys: upstream keys, sealed by the vault; a secret goes in once and never comes out. */
export function providerKeysRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  const store = (db = admin.db) => new ProviderKeyStore(db, admin.wrapper);

  routes.get('/:id/keys', requirePermission('keys:read'), async (c) => {
    return c.json({ data: await store().list(c.req.param('id')) });
  });

  routes.post('/:id/keys', requirePermission('keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, createKeySchema);
    const providerId = c.req.param('id');
    await checkKeyShape(admin, providerId, body.secret);
    const created = await inChangeTransaction(admin, ['provider-keys'], providerId, async (transaction) => {
      const summary = await store(transaction).create(providerId, body.name, body.secret);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'provider_key.create',
        targetType: 'provider_key',
        targetId: summary.id,
        requestId: c.get('requestId'),
        details: { providerId, name: summary.name, last4: summary.last4 },
      });
      return summary;
    });
    return c.json(created, 201);
  });

  for (const action of ['disable', 'enable', 'revoke'] as const) {
    routes.post(`/:id/keys/:keyId/${action}`, requirePermission('keys:write'), async (c) => {
      const body = await parseAdminBody(c.req.raw, statusChangeSchema);
      const providerId = c.req.param('id');
      const keyId = c.req.param('keyId');
      const updated = await inChangeTransaction(admin, ['provider-keys'], keyId, async (transaction) => {
        const summary = await store(transaction).setStatus(providerId, keyId, STATUS_FOR_ACTION[action], body.reason);
        await recordAudit(transaction, {
          actor: c.get('token').id,
          action: `provider_key.${action}`,
          targetType: 'provider_key',
          targetId: keyId,
          requestId: c.get('requestId'),
          details: { providerId, ...(body.reason ? { reason: body.reason } : {}) },
        });
        return summary;
      });
      return c.json(updated);
    });
  }

  // Issue 15 point 5: after an origin change each key is confirmed for the new origin, one by one.
  routes.post('/:id/keys/:keyId/confirm', requirePermission('keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, statusChangeSchema);
    const providerId = c.req.param('id');
    const keyId = c.req.param('keyId');
    const confirmed = await inChangeTransaction(admin, ['provider-keys'], keyId, async (transaction) => {
      const provider = await new ProviderStore(transaction).get(providerId);
      const origins = providerOrigins(provider);
      const summary = await store(transaction).confirm(
        providerId,
        keyId,
        body.reason ?? `confirmed for ${origins.join(', ')} by ${c.get('token').id}`,
      );
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'provider_key.confirm',
        targetType: 'provider_key',
        targetId: keyId,
        requestId: c.get('requestId'),
        details: { providerId, origins, ...(body.reason ? { reason: body.reason } : {}) },
      });
      return summary;
    });
    return c.json(confirmed);
  });

  routes.post('/:id/keys/:keyId/rotate', requirePermission('keys:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, rotateKeySchema);
    const providerId = c.req.param('id');
    const keyId = c.req.param('keyId');
    await checkKeyShape(admin, providerId, body.secret);
    const rotated = await inChangeTransaction(admin, ['provider-keys'], keyId, async (transaction) => {
      const summary = await store(transaction).rotate(providerId, keyId, body.secret);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'provider_key.rotate',
        targetType: 'provider_key',
        targetId: keyId,
        requestId: c.get('requestId'),
        details: { providerId, last4: summary.last4 },
      });
      return summary;
    });
    return c.json(rotated);
  });

  routes.post('/:id/keys/:keyId/test', requirePermission('keys:write'), async (c) => {
    const providerId = c.req.param('id');
    const keyId = c.req.param('keyId');
    const provider = await new ProviderStore(admin.db).get(providerId);
    const secret = await store().openSecret(providerId, keyId);
    return c.json(await testProviderKey(admin.gateway, provider, secret, c.get('requestId')));
  });

  return routes;
}
