import { RouterState } from '@switchboard/router';
import type { UsageEvent } from '@switchboard/usage';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamAffinity } from '../src/routing/upstream-affinity';
import { type Harness, startHarness } from './gateway-harness';

type ResponseInput = OpenAI.Responses.ResponseInputItem[];

const REASONING = 'Let me think about it.';

/** Which of the providers answered the latest request, by the simulator's request order. */
function latestServer(harness: Harness, providers: readonly string[]): string {
  let latest = { provider: '', sequence: -1 };
  for (const provider of providers) {
    const last = harness.simulator.requests(provider).at(-1);
    if (last && last.sequence > latest.sequence) latest = { provider, sequence: last.sequence };
  }
  return latest.provider;
}

function sentBody(harness: Harness, provider: string): string {
  return JSON.stringify(harness.simulator.requests(provider).at(-1)!.body);
}

/**
 * A Codex-style conversation (store: false, the whole conversation sent every turn, encrypted
 * reasoning included, named by prompt_cache_key) on a model two providers serve.
 */
async function codexTurns(client: OpenAI, model: string, cacheKey: string, turns: number) {
  let input: ResponseInput = [{ role: 'user', content: 'Turn 0' }];
  const answers: OpenAI.Responses.Response[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const answer = await client.responses.create({
      model,
      input,
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'medium', summary: 'auto' },
      prompt_cache_key: cacheKey,
    });
    answers.push(answer);
    input = [...input, ...(answer.output as ResponseInput), { role: 'user', content: `Turn ${turn + 1}` }];
  }
  return { answers, input };
}

// Reasoning only the account that made it can read keeps a conversation on that account while it
// is healthy; when the conversation has to move, those items are dropped, never sent elsewhere.
describe('Responses conversation affinity', () => {
  let harness: Harness;
  let client: OpenAI;
  const NATIVE = ['native-a', 'native-b'] as const;
  const MIXED = ['native-m', 'chat-m'] as const;
  const usageEvents: UsageEvent[] = [];

  beforeAll(async () => {
    harness = await startHarness(
      [
        ...NATIVE.map((id) => ({
          id,
          format: 'openai' as const,
          responsesApi: true,
          models: [{ id: 'gpt-5' }],
          behaviour: { reasoning: REASONING },
        })),
        {
          id: 'native-m',
          format: 'openai',
          responsesApi: true,
          models: [{ id: 'gpt-5-mini' }],
          behaviour: { reasoning: REASONING },
        },
        { id: 'chat-m', format: 'openai', models: [{ id: 'gpt-5-mini' }] },
      ],
      { settings: { circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 } } },
    );
    harness.gateway.context.usage = { record: (event) => usageEvents.push(event) };
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    usageEvents.length = 0;
    harness.gateway.context.router = new RouterState({ breaker: harness.gateway.context.settings.circuitBreaker });
    for (const id of [...NATIVE, ...MIXED]) {
      harness.simulator.setBehaviour(id, { errorStatus: null });
      harness.simulator.clearRequests(id);
    }
  });

  it('keeps the conversation on the provider whose encrypted reasoning it carries, then moves it without that reasoning', async () => {
    const { answers, input } = await codexTurns(client, 'gpt-5', 'conversation-1', 6);
    const first = latestServer(harness, NATIVE) === 'native-a' ? 'native-a' : 'native-b';
    const servers = harness.simulator.requests(first).length;
    // Every turn on the account that made the reasoning.
    expect(servers).toBe(6);
    const reasoning = answers[0]!.output.find((item) => item.type === 'reasoning')!;
    expect(reasoning.encrypted_content).toBeTruthy();
    // Passed through with the encrypted reasoning, as the client sent it.
    expect(sentBody(harness, first)).toContain(reasoning.encrypted_content!);

    const other = first === 'native-a' ? 'native-b' : 'native-a';
    harness.simulator.setBehaviour(first, { errorStatus: 503 });
    const { data: moved, response } = await client.responses
      .create({
        model: 'gpt-5',
        input,
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'conversation-1',
      })
      .withResponse();
    expect(moved.status).toBe('completed');
    // One usage event for the turn, its failed attempt inside it.
    expect(usageEvents).toHaveLength(7);
    expect(usageEvents.filter((event) => event.requestId === response.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({ outcome: 'success_after_fallback', attempts: 2, providerId: other }),
    ]);
    const sent = harness.simulator.requests(other).at(-1)!.body as { input: { type?: string; role?: string }[] };
    // The other account gets the conversation without the reasoning it cannot read.
    expect(sent.input.some((item) => item.type === 'reasoning')).toBe(false);
    expect(JSON.stringify(sent)).not.toContain(reasoning.encrypted_content!);
    expect(JSON.stringify(sent)).not.toContain('"rs_');
    expect(JSON.stringify(sent)).toContain('Turn 6');
    expect(sent.input.filter((item) => item.role === 'user')).toHaveLength(7);

    // Healthy again, the conversation stays where it moved to (its new reasoning lives there).
    harness.simulator.setBehaviour(first, { errorStatus: null });
    const beforeStay = harness.simulator.requests(other).length;
    await client.responses.create({
      model: 'gpt-5',
      input: [...input, ...(moved.output as ResponseInput), { role: 'user', content: 'Turn 7' }],
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'conversation-1',
    });
    expect(harness.simulator.requests(other).length).toBe(beforeStay + 1);
  });

  it('moved to a translated provider, the encrypted reasoning is dropped and its summary kept', async () => {
    // Make sure the first turn is served natively.
    harness.simulator.setBehaviour('chat-m', { errorStatus: 503 });
    const { answers, input } = await codexTurns(client, 'gpt-5-mini', 'conversation-2', 3);
    expect(harness.simulator.requests('native-m')).toHaveLength(3);
    harness.simulator.setBehaviour('chat-m', { errorStatus: null });
    // Healthy again, the translated provider is not chosen while the native account is healthy.
    for (let turn = 0; turn < 3; turn++) {
      await client.responses.create({
        model: 'gpt-5-mini',
        input,
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'conversation-2',
      });
    }
    expect(harness.simulator.requests('native-m')).toHaveLength(6);

    const encrypted = answers[0]!.output.find((item) => item.type === 'reasoning')!.encrypted_content!;
    harness.simulator.setBehaviour('native-m', { errorStatus: 503 });
    const moved = client.responses.stream({
      model: 'gpt-5-mini',
      input,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'conversation-2',
    });
    expect((await moved.finalResponse()).status).toBe('completed');
    expect(usageEvents).toHaveLength(7);
    expect(usageEvents.at(-1)).toMatchObject({ outcome: 'success_after_fallback', stream: true, providerId: 'chat-m' });
    const sent = sentBody(harness, 'chat-m');
    expect(sent).not.toContain(encrypted);
    expect(sent).not.toContain('"rs_');
    expect(sent).toContain('Turn 3');
    // What another provider can read of the reasoning: its summary, as the assistant's reasoning.
    expect(sent).toContain(REASONING);
  });

  it('a chain of stored native responses stays on its account, and is replayed without its reasoning when it moves', async () => {
    const first = await client.responses.create({
      model: 'gpt-5',
      input: 'My name is Ada.',
      include: ['reasoning.encrypted_content'],
    });
    const home = latestServer(harness, NATIVE);
    const away = home === 'native-a' ? 'native-b' : 'native-a';
    let previous = first.id;
    for (let turn = 0; turn < 4; turn++) {
      const next = await client.responses.create({ model: 'gpt-5', input: `Turn ${turn}`, previous_response_id: previous });
      previous = next.id;
      expect((harness.simulator.requests(home).at(-1)!.body as { previous_response_id?: string }).previous_response_id).toBe(
        next.previous_response_id ?? previous,
      );
    }
    expect(harness.simulator.requests(home)).toHaveLength(5);
    expect(harness.simulator.requests(away)).toHaveLength(0);

    harness.simulator.setBehaviour(home, { errorStatus: 503 });
    const moved = await client.responses.create({ model: 'gpt-5', input: 'What is my name?', previous_response_id: previous });
    expect(moved.status).toBe('completed');
    const sent = harness.simulator.requests(away).at(-1)!.body as Record<string, unknown>;
    // The other account cannot look the id up: the stored chain goes inline, without reasoning.
    expect(sent.previous_response_id).toBeUndefined();
    const text = JSON.stringify(sent);
    expect(text).toContain('My name is Ada.');
    expect(text).toContain('What is my name?');
    expect(text).not.toContain('"type":"reasoning"');
    expect(text).not.toContain('encrypted-reasoning');
  });

  it("names the conversation by Codex's session_id header when there is no prompt_cache_key", async () => {
    let input: ResponseInput = [{ role: 'user', content: 'Turn 0' }];
    for (let turn = 0; turn < 5; turn++) {
      const answer = await client.responses.create(
        { model: 'gpt-5', input, store: false, include: ['reasoning.encrypted_content'] },
        { headers: { session_id: 'codex-session-42' } },
      );
      input = [...input, ...(answer.output as ResponseInput), { role: 'user', content: `Turn ${turn + 1}` }];
    }
    const counts = NATIVE.map((id) => harness.simulator.requests(id).length);
    expect(counts.sort()).toEqual([0, 5]);
  });

  it('reasoning the gateway wrote for a translated answer never goes to a native provider, even with no affinity left', async () => {
    harness.simulator.setBehaviour('chat-m', { reasoning: REASONING });
    harness.simulator.setBehaviour('native-m', { errorStatus: 503 });
    try {
      const question: ResponseInput = [{ role: 'user', content: 'Turn 0' }];
      const first = await client.responses.create({
        model: 'gpt-5-mini',
        input: question,
        store: false,
        prompt_cache_key: 'c-3',
      });
      const reasoning = first.output.find((item) => item.type === 'reasoning')!;
      expect(reasoning.id).toMatch(/^rs_req_/);
      // Another replica, or a restart: nothing remembers where the conversation ran.
      harness.gateway.context.affinity = new UpstreamAffinity();
      harness.simulator.setBehaviour('native-m', { errorStatus: null });
      harness.simulator.setBehaviour('chat-m', { errorStatus: 503 });
      const second = await client.responses.create({
        model: 'gpt-5-mini',
        input: [...question, ...(first.output as ResponseInput), { role: 'user', content: 'Turn 1' }],
        store: false,
        prompt_cache_key: 'c-3',
      });
      expect(second.status).toBe('completed');
      const sent = harness.simulator.requests('native-m').at(-1)!.body as { input: { type?: string; id?: string }[] };
      // OpenAI cannot resolve an id it never made: it would refuse the whole request.
      expect(sent.input.some((item) => item.type === 'reasoning')).toBe(false);
      expect(JSON.stringify(sent)).not.toContain(reasoning.id);
      expect(JSON.stringify(sent)).toContain('Turn 1');
    } finally {
      harness.simulator.setBehaviour('chat-m', { reasoning: undefined });
    }
  });
});
