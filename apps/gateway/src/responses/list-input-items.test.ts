import { GatewayError } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { listInputItems } from './list-input-items';
import type { StoredResponse } from './stored-response';

const stored: StoredResponse = {
  id: 'resp_1',
  ownerKeyId: 'key_1',
  providerId: 'deepseek',
  providerKeyId: undefined,
  native: false,
  response: {
    id: 'resp_1',
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: 'm',
    output: [{ type: 'message' }],
  } as unknown as StoredResponse['response'],
  conversation: [
    { id: 'msg_a', type: 'message', role: 'user', content: 'a' },
    { type: 'message', role: 'user', content: 'b' },
    { id: 'msg_c', type: 'message', role: 'user', content: 'c' },
    { id: 'msg_out', type: 'message', role: 'assistant', content: [] },
  ],
  inputItemCount: 3,
};

describe('listInputItems', () => {
  it('lists the input only, newest first by default, with ids for every item', () => {
    const page = listInputItems(stored, {});
    expect(page.data.map((item) => item.id)).toEqual(['msg_c', 'resp_1_item_1', 'msg_a']);
    expect(page).toMatchObject({ object: 'list', first_id: 'msg_c', last_id: 'msg_a', has_more: false });
  });

  it('pages with limit and after, in either order', () => {
    const first = listInputItems(stored, { order: 'asc', limit: '2' });
    expect(first.data.map((item) => item.id)).toEqual(['msg_a', 'resp_1_item_1']);
    expect(first.has_more).toBe(true);
    const second = listInputItems(stored, { order: 'asc', limit: '2', after: first.last_id! });
    expect(second.data.map((item) => item.id)).toEqual(['msg_c']);
    expect(second.has_more).toBe(false);
  });

  it('refuses a bad limit, order or cursor naming the parameter', () => {
    for (const [query, param] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ order: 'sideways' }, 'order'],
      [{ after: 'msg_nope' }, 'after'],
    ] as const) {
      const error = (() => {
        try {
          listInputItems(stored, query);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).param).toBe(param);
    }
  });
});
