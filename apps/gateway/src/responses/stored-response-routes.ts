import type { HttpBindings } from '@hono/node-server';
import type { ApiKeySummary } from '@switchboard/access';
import { GatewayError } from '@switchboard/protocol';
import type { Hono } from 'hono';
import type { GatewayContext } from '../app/gateway-context';
import { listInputItems } from './list-input-items';
import { OPEN_OWNER, type StoredResponse } from './stored-response';

type V1App = Hono<{ Bindings: HttpBindings; Variables: { requestId: string; apiKey?: ApiKeySummary } }>;

function responseNotFound(id: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'response_not_found',
    param: 'response_id',
    message: `No response with id '${id}' for this key. Responses are kept when stored (\`store\` true, the default), for the key that made them, until they expire.`,
  });
}

/**
 * GET and DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items: stored responses,
 * visible only to the gateway key that made them (another key's id is answered like an unknown one).
 */
export function storedResponseRoutes(app: V1App, gateway: GatewayContext): void {
  const owner = (apiKey: ApiKeySummary | undefined) => apiKey?.id ?? OPEN_OWNER;
  const find = async (id: string, apiKey: ApiKeySummary | undefined): Promise<StoredResponse> => {
    const stored = await gateway.storedResponses.find(id, owner(apiKey));
    if (!stored) throw responseNotFound(id);
    return stored;
  };
  app.get('/v1/responses/:id/input_items', async (c) => {
    const stored = await find(c.req.param('id'), c.get('apiKey'));
    return c.json(listInputItems(stored, c.req.query()));
  });
  app.get('/v1/responses/:id', async (c) => c.json((await find(c.req.param('id'), c.get('apiKey'))).response));
  app.delete('/v1/responses/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await gateway.storedResponses.delete(id, owner(c.get('apiKey'))))) throw responseNotFound(id);
    return c.json({ id, object: 'response', deleted: true });
  });
}
