import type { IncomingHttpHeaders } from 'node:http';
import type { ResponsesRequest } from '@switchboard/protocol';

import { SESSION_HEADERS } from '../routing/affinity-keys';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 512 ? first : undefined;
}

/**
 * The names a Responses conversation goes by, scoped to the gateway key (one tenant's
 * `prompt_cache_key` never steers another's): the previous response it chains, its
 * `prompt_cache_key`, and a session header.
 */
export function conversationKeys(ownerKeyId: string, body: ResponsesRequest, headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  if (typeof body.previous_response_id === 'string') keys.push(`${ownerKeyId}\u0000response:${body.previous_response_id}`);
  if (typeof body.prompt_cache_key === 'string' && body.prompt_cache_key.length > 0) {
    keys.push(`${ownerKeyId}\u0000cache:${body.prompt_cache_key}`);
  }
  for (const name of SESSION_HEADERS) {
    const value = header(headers, name);
    if (value) {
      keys.push(`${ownerKeyId}\u0000session:${value}`);
      break;
    }
  }
  return keys;
}

/** The key a served response is remembered under, for the next turn that chains it. */
export function responseKey(ownerKeyId: string, responseId: string): string {
  return `${ownerKeyId}\u0000response:${responseId}`;
}
