import OpenAI from 'openai';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredResponse } from '../src/responses/stored-response';
import { type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// With the whole product (Postgres, the vault, gateway keys): stored responses are sealed at rest
// and visible only to the gateway key that made them.
describe('stored responses belong to their gateway key', () => {
  let harness: SwitchboardHarness;
  let otherKey: { id: string; key: string };

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
    const created = await harness.admin<{ id: string; key: string }>('POST', '/admin/api-keys', { name: 'other' });
    expect(created.status, created.text).toBe(201);
    otherKey = created.body;
    const owner = await harness.admin<{ data: { id: string; name: string }[] }>('GET', '/admin/api-keys');
    const ownerId = owner.body.data.find((key) => key.name === 'default')!.id;
    harness.switchboard.gateway.context.storedResponses.keep({
      id: 'resp_owned',
      ownerKeyId: ownerId,
      providerId: 'sim',
      providerKeyId: undefined,
      native: false,
      response: {
        id: 'resp_owned',
        object: 'response',
        created_at: 1,
        status: 'completed',
        model: 'sim-model',
        output: [],
      } as unknown as StoredResponse['response'],
      conversation: [{ id: 'msg_1', type: 'message', role: 'user', content: 'the secret word is pelican' }],
      inputItemCount: 1,
    });
    await harness.switchboard.gateway.context.storedResponses.settle();
  });
  afterAll(() => harness?.close());

  it('the owner reads it, another key gets the 404 an unknown id gets', async () => {
    const owner = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    const other = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: otherKey.key, maxRetries: 0 });
    expect((await owner.responses.retrieve('resp_owned')).id).toBe('resp_owned');
    expect((await owner.responses.inputItems.list('resp_owned')).data).toHaveLength(1);
    const refused = await other.responses.retrieve('resp_owned').catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
    const unknown = await other.responses.retrieve('resp_never').catch((caught: unknown) => caught);
    expect((refused as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      ...(unknown as InstanceType<typeof OpenAI.NotFoundError>).error,
      message: expect.any(String),
    });
    expect(await other.responses.delete('resp_owned').catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await owner.responses.retrieve('resp_owned')).id).toBe('resp_owned');
  });

  it('keeps the conversation encrypted in the database', async () => {
    const sql = postgres(harness.databaseUrl, { max: 1 });
    try {
      const rows = await sql`select * from stored_responses`;
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain('pelican');
    } finally {
      await sql.end();
    }
  });

  it('needs a gateway key', async () => {
    const answer = await fetch(`${harness.url}/v1/responses/resp_owned`);
    expect(answer.status).toBe(401);
  });
});
