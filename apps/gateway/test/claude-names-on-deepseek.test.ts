import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// A team running Claude Code on DeepSeek: Claude's own ids are catalog models (the built-in
// Anthropic provider), but without an Anthropic key nothing can serve them, so the patterns
// take them instead of a 503.
describe("Claude's model names on the Messages surface without an Anthropic key", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(
      [
        { id: 'deepseek', format: 'openai', models: [{ id: 'deepseek-v4-flash' }, { id: 'deepseek-v4-pro' }] },
        { id: 'anthropic', format: 'anthropic', models: [{ id: 'claude-haiku-4-5' }], noKey: true },
      ],
      { aliases: { 'claude-sonnet-*': ['deepseek/deepseek-v4-pro'], 'claude-*': ['deepseek/deepseek-v4-flash'] } },
    );
  });
  afterAll(() => harness.close());

  async function messages(model: string) {
    const response = await harness.post(
      '/v1/messages',
      { model, max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] },
      { 'anthropic-version': '2023-06-01' },
    );
    return {
      status: response.status,
      provider: response.headers.get('x-switchboard-provider'),
      body: (await response.json()) as { model?: string; request_id?: string; error: { message: string } },
    };
  }

  it('serves a keyless catalog model through the matching pattern, and says what served', async () => {
    const answer = await messages('claude-haiku-4-5');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.provider).toBe('deepseek');
    expect(answer.body).toMatchObject({ type: 'message', model: 'deepseek-v4-flash', stop_reason: 'end_turn' });
    expect(harness.simulator.requests('anthropic')).toHaveLength(0);
  });

  it('serves a dated id no provider knows through the most specific pattern', async () => {
    const answer = await messages('claude-sonnet-4-5-20250929');
    expect(answer.status).toBe(200);
    expect(answer.body.model).toBe('deepseek-v4-pro');
  });

  it("answers an unknown name without a matching pattern in Anthropic's error shape", async () => {
    const answer = await messages('gpt-nothing');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(answer.body.error.message).toContain('gpt-nothing');
    expect(answer.body.request_id).toMatch(/^req_/);
  });
});
