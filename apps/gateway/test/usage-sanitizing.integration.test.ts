import { createDatabase, type DatabaseHandle, usageDeadLetters } from '@switchboard/db';
import { countTokens } from 'gpt-tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// Whole micro-dollars per token, so every cost is exact.
const PRICE = { input: 10, output: 20 };

interface Generation {
  data: {
    id: string;
    outcome: string;
    tokens_prompt: number;
    tokens_completion: number;
    usage_estimated: boolean;
    usage_estimated_reason: string | null;
    cost_micros: number;
  };
}

let harness: SwitchboardHarness;
let database: DatabaseHandle;
let budgetKey: string;
let brokenModel: string;

async function chat(model: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${budgetKey}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello there' }], ...extra }),
  });
  return { status: response.status, text: await response.text(), requestId: response.headers.get('x-request-id')! };
}

async function stored(requestId: string): Promise<Generation['data']> {
  return eventually(async () => {
    const response = await fetch(`${harness.url}/v1/generation?id=${requestId}`, {
      headers: { authorization: `Bearer ${budgetKey}` },
    });
    return response.status === 200 ? ((await response.json()) as Generation).data : undefined;
  });
}

async function spentMicros(): Promise<number> {
  const response = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${budgetKey}` } });
  const report = (await response.json()) as { data: { budget: { spentUsd: number; reservedUsd: number } } };
  return Math.round(report.data.budget.spentUsd * 1_000_000);
}

/** The answer text of a whole completion, as the client received it. */
const answerText = (text: string) =>
  (JSON.parse(text) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
  database = await createDatabase({ url: harness.databaseUrl, maxConnections: 1 });
  ({ model: brokenModel } = await harness.addSimulatedProvider('broken', { usageOverride: { completion_tokens: 1e300 } }));
  await harness.addKey('broken', 'main', 'sk-broken');
  for (const [provider, model] of [
    [SIMULATED_PROVIDER, SIMULATED_MODEL],
    ['broken', brokenModel],
  ] as const) {
    const priced = await harness.admin('PATCH', `/admin/providers/${provider}`, { models: [{ id: model, price: PRICE }] });
    expect(priced.status, priced.text).toBe(200);
  }
  await harness.switchboard.live.settled();
  const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', {
    name: 'budgeted',
    budgetUsd: 5,
    budgetPeriod: 'total',
  });
  expect(created.status, created.text).toBe(201);
  budgetKey = created.body.key;
});
afterAll(async () => {
  harness?.simulator.setBehaviour(SIMULATED_PROVIDER, { usageOverride: undefined });
  await database?.close();
  await harness?.close();
});

describe('provider usage is sanitised where it enters the gateway', () => {
  it('negative token counts never credit the budget: they are replaced by estimates and the event says so', async () => {
    const before = await spentMicros();
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, {
      usageOverride: { prompt_tokens: -5_000, completion_tokens: -300, total_tokens: -5_300 },
    });
    const answer = await chat(SIMULATED_MODEL);
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { usageOverride: undefined });
    expect(answer.status, answer.text).toBe(200);
    const event = await stored(answer.requestId);
    expect(event.usage_estimated).toBe(true);
    expect(event.usage_estimated_reason).toBe('invalid_usage: inputTokens negative, outputTokens negative');
    // The prompt through the tokenizer (3 tokens per message, 3 for the reply) and the answer's text.
    expect(event.tokens_prompt).toBe(6 + countTokens('userHello there'));
    expect(event.tokens_completion).toBe(countTokens(answerText(answer.text)));
    expect(event.cost_micros).toBe(event.tokens_prompt * PRICE.input + event.tokens_completion * PRICE.output);
    const after = await eventually(async () => {
      const spent = await spentMicros();
      return spent > before ? spent : undefined;
    });
    expect(after - before).toBe(event.cost_micros);
    const log = harness.logs.find((line) => line.includes(answer.requestId) && line.includes('"level":40'));
    expect(log).toContain(`"provider":"${SIMULATED_PROVIDER}"`);
    expect(log).not.toContain('sk-simulated');
  });

  it('1e300 output tokens in one of three concurrent requests lose none of them', async () => {
    const answers = await Promise.all([chat(SIMULATED_MODEL), chat(brokenModel), chat(SIMULATED_MODEL)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const events = await Promise.all(answers.map((answer) => stored(answer.requestId)));
    expect(events.map((event) => event.usage_estimated)).toEqual([false, true, false]);
    const broken = events[1]!;
    expect(broken.usage_estimated_reason).toBe('invalid_usage: outputTokens above_bound');
    expect(broken.tokens_completion).toBe(countTokens(answerText(answers[1]!.text)));
    expect(broken.cost_micros).toBe(broken.tokens_prompt * PRICE.input + broken.tokens_completion * PRICE.output);
    expect(await database.db.$count(usageDeadLetters)).toBe(0);
  });

  it('a string count answers 200, whole or streamed, and is billed from the estimate', async () => {
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { usageOverride: { prompt_tokens: '12.5' } });
    try {
      const whole = await chat(SIMULATED_MODEL);
      expect(whole.status, whole.text).toBe(200);
      const streamed = await chat(SIMULATED_MODEL, { stream: true, stream_options: { include_usage: true } });
      expect(streamed.status).toBe(200);
      expect(streamed.text.trim().endsWith('data: [DONE]')).toBe(true);
      for (const answer of [whole, streamed]) {
        const event = await stored(answer.requestId);
        expect(event).toMatchObject({
          outcome: 'success',
          usage_estimated: true,
          usage_estimated_reason: 'invalid_usage: inputTokens not_a_number',
          tokens_prompt: 6 + countTokens('userHello there'),
        });
        expect(event.tokens_completion).toBeGreaterThan(0);
        expect(event.cost_micros).toBe(event.tokens_prompt * PRICE.input + event.tokens_completion * PRICE.output);
      }
    } finally {
      harness.simulator.setBehaviour(SIMULATED_PROVIDER, { usageOverride: undefined });
    }
  });

  it('embeddings pass the same gate: a negative count is billed from the input estimate, never negative', async () => {
    const { baseUrl } = harness.simulator.addProvider('embedder', 'openai', { usageOverride: { prompt_tokens: -40 } });
    const created = await harness.admin('POST', '/admin/providers', {
      id: 'embedder',
      adapter: 'openai-compatible',
      baseUrl,
      models: [{ id: 'embedder-model', kind: 'embedding', price: PRICE }],
    });
    expect(created.status, created.text).toBe(201);
    await harness.addKey('embedder', 'main', 'sk-embedder');
    const response = await fetch(`${harness.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${budgetKey}` },
      body: JSON.stringify({ model: 'embedder-model', input: 'a sentence to embed' }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const event = await stored(response.headers.get('x-request-id')!);
    expect(event).toMatchObject({ usage_estimated: true, usage_estimated_reason: 'invalid_usage: inputTokens negative' });
    expect(event.tokens_prompt).toBeGreaterThan(0);
    expect(event.cost_micros).toBe(event.tokens_prompt * PRICE.input);
  });
});
