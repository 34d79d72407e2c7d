import { type TeamFields, TeamStore, type TeamSummary } from '@switchboard/access';
import { Hono } from 'hono';
import { z } from 'zod';
import { readBudgetUsage } from '../../access/read-budget-usage';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { requirePermission } from '../authenticate-admin';
import { inChangeTransaction } from '../in-change-transaction';
import { inTransaction } from '../in-transaction';
import { parseAdminBody } from '../parse-admin-body';
import { recordAudit } from '../record-audit';

// The team store validates every field itself (naming it, refusing unknown ones).
const anyObject = z.record(z.string(), z.unknown());

/** A team with its members and its spend against budget in the current window (null without a budget). */
async function present(admin: AdminContext, store: TeamStore, team: TeamSummary) {
  const members = await store.members(team.id);
  const access = admin.gateway.access;
  let budgetUsage = null;
  if (access && team.budgetMicros !== null && team.budgetPeriod !== null) {
    const usage = await readBudgetUsage(access, {
      id: team.id,
      budgetMicros: team.budgetMicros,
      budgetPeriod: team.budgetPeriod,
    });
    budgetUsage = {
      spentMicros: usage.spentMicros,
      reservedMicros: usage.reservedMicros,
      remainingMicros: usage.remainingMicros,
      windowStart: new Date(usage.windowStartMs).toISOString(),
      windowEnd: usage.windowEndMs === null ? null : new Date(usage.windowEndMs).toISOString(),
      overageMicros: usage.overageMicros,
      closed: usage.closed,
    };
  }
  return {
    ...team,
    members: members.map((member) => ({ id: member.id, name: member.name, revoked: member.revokedAt !== null })),
    budgetUsage,
  };
}

/**
 * /admin/teams: owners above gateway keys, with their own budget, limits, allowed models and
 * routing policy. Every change writes an audit row in its transaction and tells every instance
 * to reload keys (a key carries its team's settings into admission).
 */
export function teamsRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();

  routes.get('/', requirePermission('teams:read'), async (c) => {
    const store = new TeamStore(admin.db);
    const teams = await store.list();
    return c.json({ data: await Promise.all(teams.map((team) => present(admin, store, team))) });
  });

  routes.get('/:id', requirePermission('teams:read'), async (c) => {
    const store = new TeamStore(admin.db);
    return c.json(await present(admin, store, await store.get(c.req.param('id'))));
  });

  routes.post('/', requirePermission('teams:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, anyObject);
    const created = await inTransaction(admin.db, async (transaction) => {
      const team = await new TeamStore(transaction).create(body as TeamFields);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'team.create',
        targetType: 'team',
        targetId: team.id,
        requestId: c.get('requestId'),
        details: { name: team.name, fields: Object.keys(body).sort() },
      });
      return team;
    });
    return c.json(await present(admin, new TeamStore(admin.db), created), 201);
  });

  routes.patch('/:id', requirePermission('teams:write'), async (c) => {
    const body = await parseAdminBody(c.req.raw, anyObject);
    const id = c.req.param('id');
    const updated = await inChangeTransaction(admin, ['api-keys'], id, async (transaction) => {
      const team = await new TeamStore(transaction).update(id, body as TeamFields);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'team.update',
        targetType: 'team',
        targetId: id,
        requestId: c.get('requestId'),
        details: { fields: Object.keys(body).sort() },
      });
      return team;
    });
    return c.json(await present(admin, new TeamStore(admin.db), updated));
  });

  routes.delete('/:id', requirePermission('teams:write'), async (c) => {
    const id = c.req.param('id');
    const deleted = await inChangeTransaction(admin, ['api-keys'], id, async (transaction) => {
      const team = await new TeamStore(transaction).delete(id);
      await recordAudit(transaction, {
        actor: c.get('token').id,
        action: 'team.delete',
        targetType: 'team',
        targetId: id,
        requestId: c.get('requestId'),
        details: { name: team.name },
      });
      return team;
    });
    return c.json(deleted);
  });

  return routes;
}
