import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// The Responses surface through the official openai SDK, translated to each upstream format.
describe('POST /v1/responses through the openai SDK', () => {
  let harness: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startHarness([
      { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }] },
      { id: 'anthropic', format: 'anthropic', models: [{ id: 'claude-sonnet-4-5' }] },
      { id: 'gemini', format: 'gemini', models: [{ id: 'gemini-2.5-flash' }] },
    ]);
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());

  for (const [provider, model] of [
    ['deepseek', 'deepseek-v4-flash'],
    ['anthropic', 'claude-sonnet-4-5'],
    ['gemini', 'gemini-2.5-flash'],
  ] as const) {
    it(`answers whole and streamed from ${provider}, with the gateway's resp_ id`, async () => {
      const { data, response } = await client.responses.create({ model, input: 'Say hello' }).withResponse();
      expect(data.id).toBe(`resp_${response.headers.get('x-request-id')}`);
      expect(data.status).toBe('completed');
      expect(data.output_text).toContain(`Hello from ${provider}`);
      const stream = client.responses.stream({ model, input: 'Stream please' });
      const final = await stream.finalResponse();
      expect(final.output_text).toContain(`Hello from ${provider}`);
    });
  }

  it('chains with previous_response_id across a change of provider, and stores the turn', async () => {
    const first = await client.responses.create({ model: 'deepseek-v4-flash', input: 'My name is Ada.' });
    const second = await client.responses.create({
      model: 'claude-sonnet-4-5',
      input: 'What is my name?',
      previous_response_id: first.id,
    });
    expect(second.status).toBe('completed');
    const sent = JSON.stringify(harness.simulator.requests('anthropic').at(-1)!.body);
    expect(sent).toContain('My name is Ada.');
    expect(sent).toContain('What is my name?');
    expect((await client.responses.retrieve(second.id)).id).toBe(second.id);
    const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
    expect(JSON.stringify(items.data)).toContain('My name is Ada.');
  });

  it('keeps nothing with store: false, and 404s an unknown previous_response_id naming the field', async () => {
    const unstored = await client.responses.create({ model: 'deepseek-v4-flash', input: 'Hi', store: false });
    expect(await client.responses.retrieve(unstored.id).catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.NotFoundError);
    const error = await client.responses
      .create({ model: 'deepseek-v4-flash', input: 'Hi', previous_response_id: 'resp_nope' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).param).toBe('previous_response_id');
  });
});
