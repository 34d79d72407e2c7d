import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputUpperBound, measureInputSize } from '../src/routing/estimate-input-tokens';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

interface CreatedKey {
  id: string;
  key: string;
}

interface Answer {
  status: number;
  text: string;
}

interface KeyReportBody {
  data: { budget: { limitUsd: number; spentUsd: number; reservedUsd: number; remainingUsd: number } | null };
}

interface ModelsBody {
  data: { id: string; providers?: { price: { input: number; output: number } | null }[] }[];
}

// Whole micro-dollars per token (USD per 1M tokens = micro-dollars per token), so every cost is exact.
const INPUT_MICROS_PER_TOKEN = 10;
const OUTPUT_MICROS_PER_TOKEN = 20;
const MAX_TOKENS = 1_000;
const MESSAGES = [{ role: 'user' as const, content: 'Hello' }];
const ADMITTED_AT_MOST = 10;
const REQUESTS = 50;

async function chat(harness: SwitchboardHarness, key: string): Promise<Answer> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: SIMULATED_MODEL, messages: MESSAGES, max_tokens: MAX_TOKENS }),
  });
  return { status: response.status, text: await response.text() };
}

async function keyReport(harness: SwitchboardHarness, key: string): Promise<KeyReportBody> {
  const response = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as KeyReportBody;
}

/** Micro-dollars, exactly: the report's USD amounts are micro-dollars divided by a million. */
const micros = (usd: number) => Math.round(usd * 1_000_000);

describe('a budget shared by two instances through Redis', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness;

  beforeAll(async () => {
    first = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider' });
    second = await startSwitchboardHarness({ join: first });
    // Budgets only bite on a priced model; the admin API is how an operator prices one.
    const priced = await first.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
      models: [{ id: SIMULATED_MODEL, price: { input: INPUT_MICROS_PER_TOKEN, output: OUTPUT_MICROS_PER_TOKEN } }],
    });
    expect(priced.status, priced.text).toBe(200);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('admits at most the reservations that fit, and settles to exactly the reported usage', async () => {
    // The worst case the gateway reserves: the input's upper bound plus max_tokens of output, at list price.
    const worstCaseMicros =
      inputUpperBound(measureInputSize(MESSAGES), 'openai-compatible', SIMULATED_MODEL) * INPUT_MICROS_PER_TOKEN +
      MAX_TOKENS * OUTPUT_MICROS_PER_TOKEN;
    const budgetMicros = ADMITTED_AT_MOST * worstCaseMicros;
    const created = await first.admin<CreatedKey>('POST', '/admin/api-keys', {
      name: 'ten-worst-cases',
      budgetUsd: budgetMicros / 1_000_000,
      budgetPeriod: 'total',
    });
    expect(created.status, created.text).toBe(201);
    const { key } = created.body;

    // Both instances must price the model before the burst, or one would reserve nothing.
    for (const harness of [first, second]) {
      await eventually(async () => {
        const response = await fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
        const models = (await response.json()) as ModelsBody;
        const price = models.data.find((model) => model.id === SIMULATED_MODEL)?.providers?.[0]?.price;
        return price?.output === OUTPUT_MICROS_PER_TOKEN ? true : undefined;
      });
    }

    first.simulator.clearRequests(SIMULATED_PROVIDER);
    // Slow enough that every request is admitted or refused before the first one settles and frees room.
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 1_000 });
    let answers: Answer[];
    try {
      answers = await Promise.all(Array.from({ length: REQUESTS }, (_, index) => chat(index % 2 === 0 ? first : second, key)));
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 0 });
    }

    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 402);
    expect(admitted.length + refused.length, answers.map((answer) => answer.status).join(',')).toBe(REQUESTS);
    expect(admitted.length).toBeLessThanOrEqual(ADMITTED_AT_MOST);
    // Nothing settles during the burst, so exactly the ten reservations that fit are made.
    expect(admitted).toHaveLength(ADMITTED_AT_MOST);
    for (const answer of refused) {
      expect(JSON.parse(answer.text)).toMatchObject({ error: { type: 'insufficient_quota', code: 'budget_exhausted' } });
    }

    // Settlement runs after the answer is written, so wait for the last reservation to go.
    const settled = await eventually(async () => {
      const report = await keyReport(second, key);
      return report.data.budget?.reservedUsd === 0 ? report.data.budget : undefined;
    });
    const upstream = first.simulator.requests(SIMULATED_PROVIDER);
    expect(upstream).toHaveLength(admitted.length);
    const actualMicros = upstream.reduce((sum, request) => {
      expect(request.usageSent).not.toBeNull();
      const usage = request.usageSent!;
      return sum + usage.inputTokens * INPUT_MICROS_PER_TOKEN + usage.outputTokens * OUTPUT_MICROS_PER_TOKEN;
    }, 0);
    expect(actualMicros).toBeGreaterThan(0);
    expect(micros(settled.spentUsd)).toBe(actualMicros);
    expect(micros(settled.spentUsd)).toBeLessThanOrEqual(budgetMicros);
    expect(micros(settled.limitUsd)).toBe(budgetMicros);
    expect(micros(settled.remainingUsd)).toBe(budgetMicros - actualMicros);
    // The other instance reads the same ledger.
    expect((await keyReport(first, key)).data.budget).toEqual(settled);
    // The admin API reports the same spend, for the dashboard's budget column.
    const adminView = await second.admin<{ budgetUsage: Record<string, unknown> | null }>(
      'GET',
      `/admin/api-keys/${created.body.id}`,
    );
    expect(adminView.body.budgetUsage).toEqual({
      spentMicros: actualMicros,
      reservedMicros: 0,
      remainingMicros: budgetMicros - actualMicros,
      windowStart: expect.any(String),
      windowEnd: null,
      overageMicros: 0,
      closed: false,
    });

    // Settling gave back the unused part of each worst case, so there is room for another request.
    expect((await chat(first, key)).status).toBe(200);
  });
});
