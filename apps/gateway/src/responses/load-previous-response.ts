import { GatewayError } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { StoredResponse } from './stored-response';

/** The stored response a request chains with `previous_response_id`; a 404 naming the field otherwise. */
export async function loadPreviousResponse(gateway: GatewayContext, id: unknown, ownerKeyId: string): Promise<StoredResponse> {
  const stored = typeof id === 'string' && id.length > 0 ? await gateway.storedResponses.find(id, ownerKeyId) : undefined;
  if (stored) return stored;
  // Another key's response is answered like an unknown one.
  throw new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
    param: 'previous_response_id',
    message: `Previous response with id '${String(id)}' not found. Responses are kept only when stored (\`store\` true, the default), for the key that made them, until they expire.`,
  });
}
