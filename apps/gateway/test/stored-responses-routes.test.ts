import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_OWNER, type StoredResponse } from '../src/responses/stored-response';
import { type Harness, startHarness } from './gateway-harness';

function stored(id: string, inputs: number): StoredResponse {
  const input = Array.from({ length: inputs }, (_, index) => ({
    id: `msg_in_${index}`,
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text: `turn ${index}` }],
  }));
  const output = [
    {
      id: `msg_out_${id}`,
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Hi', annotations: [] }],
    },
  ];
  return {
    id,
    ownerKeyId: OPEN_OWNER,
    providerId: 'deepseek',
    providerKeyId: undefined,
    native: false,
    response: {
      id,
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      model: 'deepseek-v4-flash',
      output,
    } as unknown as StoredResponse['response'],
    conversation: [...input, ...output],
    inputItemCount: inputs,
  };
}

// GET / DELETE /v1/responses/{id} and its input_items, driven by the openai SDK.
describe('stored responses through the openai SDK', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness([{ id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }] }]);
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
    harness.gateway.context.storedResponses.keep(stored('resp_kept', 5));
    harness.gateway.context.storedResponses.keep(stored('resp_doomed', 1));
  });
  afterAll(() => harness.close());

  it('retrieves a stored response as it was answered', async () => {
    const { data, response } = await client.responses.retrieve('resp_kept').withResponse();
    expect(data.id).toBe('resp_kept');
    expect(data.output_text).toBe('Hi');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('pages through the input items with the SDK cursor', async () => {
    const ids: string[] = [];
    for await (const item of client.responses.inputItems.list('resp_kept', { limit: 2, order: 'asc' })) ids.push(item.id!);
    expect(ids).toEqual(['msg_in_0', 'msg_in_1', 'msg_in_2', 'msg_in_3', 'msg_in_4']);
    const first = await client.responses.inputItems.list('resp_kept', { limit: 2 });
    expect(first.data.map((item) => item.id)).toEqual(['msg_in_4', 'msg_in_3']);
    expect(first.has_more).toBe(true);
  });

  it('deletes, after which the id is unknown', async () => {
    await client.responses.delete('resp_doomed');
    const error = await client.responses.retrieve('resp_doomed').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const again = await client.responses.delete('resp_doomed').catch((caught: unknown) => caught);
    expect(again).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers an unknown id with a 404 in OpenAI shape', async () => {
    const answer = await fetch(`${harness.baseUrl}/responses/resp_nope/input_items`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'response_not_found' } });
  });
});
