import { describe, expect, it } from 'vitest';
import { nativeResponsesBody } from './native-responses-body';
import type { StoredResponse } from './stored-response';

const encrypted = { type: 'reasoning', id: 'rs_1', encrypted_content: 'opaque', summary: [] };
const previous: StoredResponse = {
  id: 'resp_prev',
  ownerKeyId: 'key_1',
  providerId: 'openai',
  providerKeyId: 'pk_1',
  native: true,
  response: {
    id: 'resp_prev',
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: 'gpt',
    output: [],
  } as unknown as StoredResponse['response'],
  conversation: [
    { type: 'message', role: 'user', content: 'first' },
    encrypted,
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'one' }] },
  ],
  inputItemCount: 1,
};

describe('nativeResponsesBody', () => {
  it('passes the chained id through to the account that holds it', () => {
    const body = { model: 'gpt', previous_response_id: 'resp_prev', input: 'second' };
    expect(nativeResponsesBody(body, { providerId: 'openai', keyId: 'pk_1' }, previous, undefined)).toBe(body);
  });

  it('inlines the stored conversation for another account, without the reasoning it cannot read', () => {
    const body = { model: 'gpt', previous_response_id: 'resp_prev', input: 'second', store: true };
    const sent = nativeResponsesBody(body, { providerId: 'openai', keyId: 'pk_2' }, previous, undefined);
    expect(sent.previous_response_id).toBeUndefined();
    expect(sent.store).toBe(true);
    expect(sent.input).toEqual([
      previous.conversation[0],
      previous.conversation[2],
      { type: 'message', role: 'user', content: 'second' },
    ]);
  });

  it("drops the client's own account-bound items when the conversation moved", () => {
    const body = { model: 'gpt', input: [{ type: 'message', role: 'user', content: 'hi' }, encrypted] };
    const bound = { providerId: 'openai', keyId: 'pk_1' };
    expect(nativeResponsesBody(body, bound, undefined, bound)).toBe(body);
    expect(nativeResponsesBody(body, { providerId: 'azure', keyId: undefined }, undefined, bound).input).toEqual([body.input[0]]);
    // Nobody known to own them: sent as they came (it may be the same account).
    expect(nativeResponsesBody(body, { providerId: 'azure', keyId: undefined }, undefined, undefined)).toBe(body);
  });

  it('drops reasoning the gateway wrote for a translated answer, whoever the conversation is bound to', () => {
    const written = { type: 'reasoning', id: 'rs_req_0123456789abcdefghij_0', summary: [{ type: 'summary_text', text: 'x' }] };
    const user = { type: 'message', role: 'user', content: 'hi' };
    const body = { model: 'gpt', input: [user, written] };
    const target = { providerId: 'openai', keyId: 'pk_1' };
    expect(nativeResponsesBody(body, target, undefined, undefined).input).toEqual([user]);
    expect(nativeResponsesBody(body, target, undefined, target).input).toEqual([user]);
    const chained = { ...body, previous_response_id: 'resp_prev' };
    expect(nativeResponsesBody(chained, target, previous, undefined)).toEqual({ ...chained, input: [user] });
    // OpenAI's own reasoning ids are left to the account that may hold them.
    const own = { model: 'gpt', input: [user, { type: 'reasoning', id: 'rs_68af', summary: [] }] };
    expect(nativeResponsesBody(own, target, undefined, undefined)).toBe(own);
  });
});
