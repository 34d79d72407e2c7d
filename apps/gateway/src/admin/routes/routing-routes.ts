import { Hono } from 'hono';
import { z } from 'zod';
import { applyModelAliases } from '../../routing/apply-model-aliases';
import { explainRouteFor } from '../../routing/explain-route-for';
import type { AdminContext } from '../admin-context';
import type { AdminEnv } from '../admin-env';
import { AdminError } from '../admin-error';
import { requirePermission } from '../authenticate-admin';
import { parseAdminQuery } from '../invalid-field-error';

const querySchema = z.strictObject({
  stream: z.enum(['true', 'false']).default('false'),
  input_tokens: z.coerce.number().int().min(0).max(10_000_000).default(1_000),
  max_tokens: z.coerce.number().int().positive().optional(),
  policy: z.enum(['balanced', 'price', 'latency', 'throughput']).optional(),
  tools: z.enum(['true', 'false']).default('false'),
  vision: z.enum(['true', 'false']).default('false'),
});

/**
 * GET /admin/routing/{model}: the live candidates for a model (or alias, or provider/model), with
 * their statistics, breaker states, scores and the reasons any were left out, as the router would
 * plan a request described by the query (1,000 input tokens, not streamed, by default).
 */
export function routingRoutes(admin: AdminContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.get('/:model{.+}', requirePermission('routing:read'), (c) => {
    const query = parseAdminQuery(c.req.query(), querySchema);
    const model = decodeURIComponent(c.req.param('model'));
    // The gateway's patterns apply as they would to a request (no key here, so no key aliases).
    const { request } = applyModelAliases(
      admin.gateway.catalog,
      {
        model,
        kind: 'chat',
        stream: query.stream === 'true',
        estimatedInputTokens: query.input_tokens,
        maxOutputTokens: query.max_tokens,
        needs: { tools: query.tools === 'true', vision: query.vision === 'true', jsonMode: false },
        policy: query.policy,
      },
      undefined,
    );
    const explanation = explainRouteFor(admin.gateway, request);
    if (explanation.attempts.length === 0 && explanation.rejected.length === 0) {
      throw new AdminError(404, 'not_found', `No provider serves '${model}'.`);
    }
    return c.json(explanation);
  });
  return routes;
}
