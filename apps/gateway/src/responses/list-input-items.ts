import type { ResponsesInputItem } from '@switchboard/protocol';
import { invalidRequest } from '@switchboard/protocol';
import type { StoredResponse } from './stored-response';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export interface InputItemsPage {
  object: 'list';
  data: ResponsesInputItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface InputItemsQuery {
  limit?: string;
  after?: string;
  order?: string;
}

/**
 * One page of a stored response's input items (OpenAI's cursor list: `order` desc by default,
 * `after` an item id, `limit` 1 to 100). Items the client sent without an id get a stable one
 * from their position, so a cursor can name them.
 */
export function listInputItems(stored: StoredResponse, query: InputItemsQuery): InputItemsPage {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalidRequest(`'limit' must be an integer from 1 to ${MAX_LIMIT}.`, 'limit', 'invalid_value');
  }
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidRequest("'order' must be 'asc' or 'desc'.", 'order', 'invalid_value');
  const items = stored.conversation
    .slice(0, stored.inputItemCount)
    .map((item, index) => (typeof item.id === 'string' ? item : { ...item, id: `${stored.id}_item_${index}` }));
  if (order === 'desc') items.reverse();
  let start = 0;
  if (query.after !== undefined) {
    const position = items.findIndex((item) => item.id === query.after);
    if (position === -1) throw invalidRequest(`No input item '${query.after}' in this response.`, 'after', 'invalid_value');
    start = position + 1;
  }
  const data = items.slice(start, start + limit);
  return {
    object: 'list',
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data.at(-1)?.id as string | undefined) ?? null,
    has_more: start + limit < items.length,
  };
}
