import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// Claude Code's own model ids, as it sends them.
const CLAUDE_SONNET = 'claude-sonnet-4-5-20250929';
const CLAUDE_HAIKU = 'claude-haiku-4-5';
const CLAUDE_OPUS = 'claude-opus-4-1-20250805';

interface Completion {
  model: string;
  choices: { message: { content: string } }[];
}

interface ErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

/**
 * Claude Code on DeepSeek: the whole product (Postgres, admin API, config file) with the
 * simulator playing DeepSeek and an OpenAI-shaped `oai`, and aliases that map Claude's names.
 */
describe('model aliases through the gateway', () => {
  let harness: SwitchboardHarness;

  async function createKey(fields: Record<string, unknown>): Promise<string> {
    const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', fields);
    expect(created.status, created.text).toBe(201);
    return created.body.key;
  }

  async function chat(model: string, key = harness.apiKey, stream = false) {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    return { status: response.status, text: await response.text() };
  }

  /** The model field of the last request each simulated provider received. */
  function lastUpstreamModel(providerId: string): unknown {
    const requests = harness.simulator.requests(providerId);
    return (requests.at(-1)?.body as { model?: unknown } | undefined)?.model;
  }

  beforeAll(async () => {
    harness = await startSwitchboardHarness({
      providers: [
        { id: 'deepseek', models: ['deepseek-v4-pro', 'deepseek-v4-flash'] },
        { id: 'oai', models: ['gpt-4o'] },
      ],
      aliases: {
        'claude-sonnet-*': ['deepseek-v4-pro'],
        'claude-*': ['deepseek/deepseek-v4-flash'],
      },
    });
  });
  afterAll(() => harness?.close());

  it("serves Claude Code's sonnet id with DeepSeek, and the answer's model says which served", async () => {
    const answer = await chat(CLAUDE_SONNET);
    expect(answer.status, answer.text).toBe(200);
    const completion = JSON.parse(answer.text) as Completion;
    expect(completion.model).toBe('deepseek-v4-pro');
    expect(completion.choices[0]!.message.content.length).toBeGreaterThan(0);
    expect(lastUpstreamModel('deepseek')).toBe('deepseek-v4-pro');
  });

  it('says the serving model in every chunk of a stream', async () => {
    const answer = await chat(CLAUDE_SONNET, harness.apiKey, true);
    expect(answer.status, answer.text).toBe(200);
    const chunks = answer.text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { model: string });
    expect(chunks.length).toBeGreaterThan(1);
    expect(new Set(chunks.map((chunk) => chunk.model))).toEqual(new Set(['deepseek-v4-pro']));
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('picks the longest matching gateway pattern: haiku falls to claude-*', async () => {
    const answer = await chat(CLAUDE_HAIKU);
    expect(answer.status, answer.text).toBe(200);
    expect((JSON.parse(answer.text) as Completion).model).toBe('deepseek-v4-flash');
  });

  it('shows where a pattern sends a name in GET /admin/routing/{model}', async () => {
    const response = await harness.admin<{ attempts: { provider: string; model: string }[] }>(
      'GET',
      `/admin/routing/${CLAUDE_SONNET}`,
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.attempts.map((attempt) => `${attempt.provider}/${attempt.model}`)).toEqual(['deepseek/deepseek-v4-pro']);
  });

  it('serves a name the catalog knows as asked, whatever the patterns say', async () => {
    const answer = await chat('oai/gpt-4o');
    expect(answer.status, answer.text).toBe(200);
    expect((JSON.parse(answer.text) as Completion).model).toBe('gpt-4o');
  });

  it('answers 404 naming the model when no alias matches, as before', async () => {
    const answer = await chat('gpt-5-nano');
    expect(answer.status).toBe(404);
    expect((JSON.parse(answer.text) as ErrorBody).error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });

  it("lets a key's alias beat the gateway's, even a shorter pattern", async () => {
    const key = await createKey({ name: 'team-openai', modelAliases: { 'claude-*': ['oai/gpt-4o'] } });
    const answer = await chat(CLAUDE_SONNET, key);
    expect(answer.status, answer.text).toBe(200);
    expect((JSON.parse(answer.text) as Completion).model).toBe('gpt-4o');
    expect(lastUpstreamModel('oai')).toBe('gpt-4o');
    // Another key still gets the gateway's alias.
    expect((JSON.parse((await chat(CLAUDE_SONNET)).text) as Completion).model).toBe('deepseek-v4-pro');
  });

  it("applies a key's alias edit on the next request", async () => {
    const created = await harness.admin<{ id: string; key: string }>('POST', '/admin/api-keys', {
      name: 'team-edit',
      modelAliases: { 'claude-*': ['oai/gpt-4o'] },
    });
    expect(created.status, created.text).toBe(201);
    expect((JSON.parse((await chat(CLAUDE_HAIKU, created.body.key)).text) as Completion).model).toBe('gpt-4o');
    const patched = await harness.admin('PATCH', `/admin/api-keys/${created.body.id}`, { modelAliases: null });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.modelAliases).toBeNull();
    expect((JSON.parse((await chat(CLAUDE_HAIKU, created.body.key)).text) as Completion).model).toBe('deepseek-v4-flash');
  });

  it('checks allowedModels against the model that serves, not the name sent', async () => {
    // Allowed DeepSeek only: Claude's names are fine, because DeepSeek serves them.
    const deepseekOnly = await createKey({ name: 'deepseek-only', allowedModels: ['deepseek/*'] });
    const served = await chat(CLAUDE_SONNET, deepseekOnly);
    expect(served.status, served.text).toBe(200);
    expect((JSON.parse(served.text) as Completion).model).toBe('deepseek-v4-pro');

    // Allowed the name sent but not what it stands for: refused before any upstream call.
    const claudeNames = await createKey({ name: 'claude-names', allowedModels: ['claude-*'] });
    const before = harness.simulator.requests('deepseek').length;
    const refused = await chat(CLAUDE_SONNET, claudeNames);
    expect(refused.status).toBe(403);
    const { error } = JSON.parse(refused.text) as ErrorBody;
    expect(error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed', param: 'model' });
    expect(error.message).toBe(
      `This API key may not use the model '${CLAUDE_SONNET}' (it stands for 'deepseek/deepseek-v4-pro').`,
    );
    expect(harness.simulator.requests('deepseek')).toHaveLength(before);

    // A key's own alias cannot lead it outside its scope either: the allowed target serves.
    const scoped = await createKey({
      name: 'scoped-alias',
      allowedModels: ['deepseek-v4-flash'],
      modelAliases: { 'claude-*': ['oai/gpt-4o', 'deepseek-v4-flash'] },
    });
    const oaiBefore = harness.simulator.requests('oai').length;
    const fallback = await chat(CLAUDE_SONNET, scoped);
    expect(fallback.status, fallback.text).toBe(200);
    expect((JSON.parse(fallback.text) as Completion).model).toBe('deepseek-v4-flash');
    expect(harness.simulator.requests('oai')).toHaveLength(oaiBefore);
  });

  it('serves with an alias added through the admin API, and stops when it is deleted', async () => {
    const created = await harness.admin('POST', '/admin/model-aliases', { name: 'claude-opus-*', targets: ['oai/gpt-4o'] });
    expect(created.status, created.text).toBe(201);
    await harness.switchboard.live.settled();
    // `claude-opus-*` spells out more than `claude-*`, so it wins.
    expect((JSON.parse((await chat(CLAUDE_OPUS)).text) as Completion).model).toBe('gpt-4o');

    expect((await harness.admin('DELETE', `/admin/model-aliases/${encodeURIComponent('claude-opus-*')}`)).status).toBe(204);
    await harness.switchboard.live.settled();
    expect((JSON.parse((await chat(CLAUDE_OPUS)).text) as Completion).model).toBe('deepseek-v4-flash');
  });

  it('lists exact aliases in GET /v1/models and leaves patterns out', async () => {
    const created = await harness.admin('POST', '/admin/model-aliases', { name: 'coder', targets: ['deepseek-v4-pro'] });
    expect(created.status, created.text).toBe(201);
    await harness.switchboard.live.settled();
    const response = await fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    const ids = ((await response.json()) as { data: { id: string; type: string }[] }).data;
    expect(ids).toContainEqual(expect.objectContaining({ id: 'coder', type: 'alias', targets: ['deepseek-v4-pro'] }));
    expect(ids.some((entry) => entry.id.includes('*'))).toBe(false);
    expect((JSON.parse((await chat('coder')).text) as Completion).model).toBe('deepseek-v4-pro');
  });
});

describe('model aliases across instances', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness;

  beforeAll(async () => {
    first = await startSwitchboardHarness({ redis: true, providers: [{ id: 'deepseek', models: ['deepseek-v4-pro'] }] });
    second = await startSwitchboardHarness({ join: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('reaches a running peer through the change bus, like catalog changes', async () => {
    const request = () =>
      fetch(`${second.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${second.apiKey}` },
        body: JSON.stringify({ model: CLAUDE_SONNET, messages: [{ role: 'user', content: 'Hello' }] }),
      });
    expect((await request()).status).toBe(404);
    const created = await first.admin('POST', '/admin/model-aliases', { name: 'claude-*', targets: ['deepseek-v4-pro'] });
    expect(created.status, created.text).toBe(201);
    // Over Redis the peer reloads asynchronously: wait on behaviour.
    let status = 0;
    for (let tries = 0; tries < 100 && status !== 200; tries++) {
      status = (await request()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
  });
});
