import { modelAliasNameProblem } from '@switchboard/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ModelAlias, ModelAliasStore } from '../../catalog/model-alias-store';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { checkAliasTargets } from '../check-alias-targets';
import { inChangeTransaction } from '../in-change-transaction';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';

const targetsSchema = z.array(z.string().min(1).max(200)).min(1).max(16);
const descriptionSchema = z.string().max(500).nullable().optional();

export const createModelAliasSchema = z.strictObject({
  name: z.string(),
  targets: targetsSchema,
  description: descriptionSchema,
});
export const updateModelAliasSchema = z.strictObject({ targets: targetsSchema.optional(), description: descriptionSchema });

function representation(alias: ModelAlias) {
  return {
    name: alias.name,
    pattern: alias.name.includes('*'),
    targets: alias.targets,
    description: alias.description,
    createdAt: alias.createdAt.toISOString(),
    updatedAt: alias.updatedAt.toISOString(),
  };
}

/** The config file owns the aliases it names (DESIGN contract 5): 409 naming the file. */
function refuseFileOwned(admin: AdminContext, name: string): void {
  if (!admin.configuredAliasNames?.has(name)) return;
  throw new AdminError(
    409,
    'owned_by_config_file',
    `The alias '${name}' is set in the config file${admin.configPath ? ` '${admin.configPath}'` : ''} (SWITCHBOARD_CONFIG); change it there.`,
  );
}

/**
 * /admin/model-aliases: the gateway's aliases kept in the database, exact names or `*` patterns.
 * They reach every instance through the catalog change, like provider edits.
 */
export function modelAliasesRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('providers:read'), async (c) => {
    return c.json({ data: (await new ModelAliasStore(admin.db).list()).map(representation) });
  });

  routes.get('/:name', requirePermission('providers:read'), async (c) => {
    return c.json(representation(await new ModelAliasStore(admin.db).get(c.req.param('name'))));
  });

  routes.post('/', requirePermission('providers:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, createModelAliasSchema);
    const problem = modelAliasNameProblem(body.name);
    if (problem) throw new AdminError(400, 'invalid_field', `name: ${problem}`);
    refuseFileOwned(admin, body.name);
    checkAliasTargets(admin.gateway.catalog, 'targets', body.targets);
    const created = await inChangeTransaction(admin, ['catalog'], body.name, async (transaction) => {
      const result = await new ModelAliasStore(transaction).create(body);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'model_alias.create',
        targetType: 'model_alias',
        targetId: body.name,
        requestId: c.get('requestId'),
        details: { targets: body.targets },
      });
      return result;
    });
    return c.json(representation(created), 201);
  });

  routes.patch('/:name', requirePermission('providers:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, updateModelAliasSchema);
    const name = c.req.param('name');
    refuseFileOwned(admin, name);
    if (body.targets) checkAliasTargets(admin.gateway.catalog, 'targets', body.targets);
    const updated = await inChangeTransaction(admin, ['catalog'], name, async (transaction) => {
      const result = await new ModelAliasStore(transaction).update(name, body);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'model_alias.update',
        targetType: 'model_alias',
        targetId: name,
        requestId: c.get('requestId'),
        details: { fields: Object.keys(body).sort(), ...(body.targets ? { targets: body.targets } : {}) },
      });
      return result;
    });
    return c.json(representation(updated));
  });

  routes.delete('/:name', requirePermission('providers:write'), async (c) => {
    const name = c.req.param('name');
    refuseFileOwned(admin, name);
    await inChangeTransaction(admin, ['catalog'], name, async (transaction) => {
      await new ModelAliasStore(transaction).delete(name);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'model_alias.delete',
        targetType: 'model_alias',
        targetId: name,
        requestId: c.get('requestId'),
      });
    });
    return c.body(null, 204);
  });

  return routes;
}
