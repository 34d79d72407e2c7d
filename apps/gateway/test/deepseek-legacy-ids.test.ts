import { builtInCatalog } from '@switchboard/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// DeepSeek retired `deepseek-chat` and `deepseek-reasoner` after 2026-07-24 15:59 UTC; they were
// V4 Flash without and with thinking. The retirement is catalog data (the built-in
// `retirements`), which this gateway takes as a config file would.
const DEPRECATION = '@1784908740';
const SUNSET = 'Fri, 24 Jul 2026 15:59:00 GMT';

interface SentBody {
  model: string;
  thinking?: { type: string };
}

describe("DeepSeek's retired model names", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(
      [
        {
          id: 'deepseek',
          format: 'openai',
          anthropicEndpoint: true,
          reasoningControl: 'deepseek-thinking',
          models: [
            { id: 'deepseek-v4-flash', price: { input: 0.14, output: 0.28 } },
            { id: 'deepseek-v4-pro', price: { input: 0.435, output: 0.87 } },
            // What a catalog seeded before the retirement still holds: it must not stay a model.
            { id: 'deepseek-chat', price: { input: 0.27, output: 1.1 } },
          ],
        },
      ],
      { retirements: builtInCatalog.retirements },
    );
  });
  afterAll(() => harness?.close());

  const lastSent = (): { path: string; body: SentBody } => {
    const request = harness.simulator.requests('deepseek').at(-1)!;
    return { path: request.path, body: request.body as SentBody };
  };

  it('sends deepseek-chat as deepseek-v4-flash with thinking disabled, with Deprecation and Sunset', async () => {
    const response = await harness.post('/v1/chat/completions', {
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('deprecation')).toBe(DEPRECATION);
    expect(response.headers.get('sunset')).toBe(SUNSET);
    expect(response.headers.get('x-switchboard-model')).toBe('deepseek-v4-flash');
    expect(lastSent().body).toMatchObject({ model: 'deepseek-v4-flash', thinking: { type: 'disabled' } });
  });

  it('streams deepseek-reasoner as deepseek-v4-flash with thinking enabled, headers on the stream too', async () => {
    const response = await harness.post('/v1/chat/completions', {
      model: 'deepseek-reasoner',
      stream: true,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('deprecation')).toBe(DEPRECATION);
    expect(response.headers.get('sunset')).toBe(SUNSET);
    expect(await response.text()).toContain('[DONE]');
    expect(lastSent().body).toMatchObject({ model: 'deepseek-v4-flash', thinking: { type: 'enabled' } });
  });

  it('passes deepseek-reasoner on the Messages surface to the Anthropic endpoint the same way', async () => {
    const response = await harness.post(
      '/v1/messages',
      { model: 'deepseek-reasoner', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('deprecation')).toBe(DEPRECATION);
    const sent = lastSent();
    expect(sent.path).toContain('/anthropic');
    expect(sent.body).toMatchObject({ model: 'deepseek-v4-flash', thinking: { type: 'enabled' } });
  });

  it('keeps a thinking switch the client wrote itself', async () => {
    const response = await harness.post('/v1/chat/completions', {
      model: 'deepseek-reasoner',
      thinking: { type: 'disabled' },
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(response.status).toBe(200);
    expect(lastSent().body).toMatchObject({ model: 'deepseek-v4-flash', thinking: { type: 'disabled' } });
  });

  it('leaves current names alone: no thinking field added, no deprecation headers', async () => {
    const response = await harness.post('/v1/chat/completions', {
      model: 'deepseek-v4-flash',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBeNull();
    expect(response.headers.get('sunset')).toBeNull();
    expect(lastSent().body.thinking).toBeUndefined();
  });

  it('warns once per retired name in the log, not once per request', async () => {
    for (let index = 0; index < 3; index++) {
      const response = await harness.post('/v1/chat/completions', {
        model: 'deepseek-chat',
        messages: [{ role: 'user', content: 'Hello' }],
      });
      expect(response.status).toBe(200);
    }
    const warnings = (name: string) => harness.logs.filter((line) => line.includes(`model '${name}' was retired`));
    expect(warnings('deepseek-chat')).toHaveLength(1);
    expect(warnings('deepseek-reasoner')).toHaveLength(1);
    expect(JSON.parse(warnings('deepseek-chat')[0]!)).toMatchObject({
      level: 40,
      model: 'deepseek-chat',
      replacement: 'deepseek-v4-flash',
      retiredAt: '2026-07-24T15:59:00Z',
    });
  });

  it('lists the retired names in /v1/models as aliases of their replacement, never as models', async () => {
    const response = await fetch(`${harness.baseUrl}/models`);
    const list = (await response.json()) as {
      data: { id: string; type: string; targets?: string[]; retired?: { at: string; replacement: string } }[];
    };
    for (const name of ['deepseek-chat', 'deepseek-reasoner']) {
      const entries = list.data.filter((entry) => entry.id === name);
      expect(entries, name).toEqual([
        {
          id: name,
          object: 'model',
          created: 0,
          owned_by: 'switchboard',
          type: 'alias',
          targets: ['deepseek/deepseek-v4-flash'],
          retired: { at: '2026-07-24T15:59:00Z', replacement: 'deepseek-v4-flash' },
        },
      ]);
    }
    const flash = list.data.find((entry) => entry.id === 'deepseek-v4-flash');
    expect(flash?.type).toBe('chat');
  });
});
