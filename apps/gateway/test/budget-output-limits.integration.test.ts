import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// The model priced and limited as deepseek-v4-flash: $0.14 / $0.28 per 1M, 32K default output, 384K maximum.
const OUTPUT_MICROS_PER_TOKEN = 0.28;

interface CreatedKey {
  id: string;
  key: string;
}

let harness: SwitchboardHarness;

async function createKey(fields: Record<string, unknown>): Promise<CreatedKey> {
  const created = await harness.admin<CreatedKey>('POST', '/admin/api-keys', { name: `key-${Math.random()}`, ...fields });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

async function post(path: string, key: string, body: Record<string, unknown>) {
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function chat(key: string, extra: Record<string, unknown> = {}, content = 'Hello') {
  return post('/v1/chat/completions', key, { model: SIMULATED_MODEL, messages: [{ role: 'user', content }], ...extra });
}

function lastUpstreamBody(): Record<string, unknown> {
  const requests = harness.simulator.requests(SIMULATED_PROVIDER);
  return requests[requests.length - 1]!.body as Record<string, unknown>;
}

beforeAll(async () => {
  // No Redis: the embedded ledger and usage sink, so the usage events land without a worker.
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
  const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
    models: [
      {
        id: SIMULATED_MODEL,
        price: { input: 0.14, output: 0.28 },
        contextWindow: 1_000_000,
        maxOutputTokens: 384_000,
        defaultOutputTokens: 32_768,
      },
    ],
  });
  expect(priced.status, priced.text).toBe(200);
});
afterAll(async () => {
  await harness?.close();
});

describe('output limits for budgeted keys (DESIGN contract 3)', () => {
  it('serves a $0.05 key without max_tokens: the default is sent and announced', async () => {
    const { key } = await createKey({ budgetUsd: 0.05, budgetPeriod: 'day' });
    const answer = await chat(key);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-switchboard-max-tokens')).toBe('32768; reason=default');
    expect(lastUpstreamBody().max_tokens).toBe(32_768);
  });

  it('lowers max_tokens to what the budget has left, and says so', async () => {
    const { key } = await createKey({ budgetUsd: 0.005, budgetPeriod: 'day' });
    const answer = await chat(key, { max_tokens: 100_000 });
    expect(answer.status, answer.text).toBe(200);
    const header = answer.headers.get('x-switchboard-max-tokens');
    expect(header).toMatch(/^\d+; reason=budget$/);
    const sent = Number.parseInt(header!, 10);
    expect(lastUpstreamBody().max_tokens).toBe(sent);
    expect(sent).toBeLessThan(100_000);
    // What fits $0.005 beside the prompt's bound: about 17,800 tokens at $0.28 per 1M.
    expect(sent * OUTPUT_MICROS_PER_TOKEN).toBeLessThanOrEqual(5_000);
    expect(sent * OUTPUT_MICROS_PER_TOKEN).toBeGreaterThan(4_900);
  });

  it('keeps the client value for a key without a budget, and a budgeted one that fits', async () => {
    const open = await createKey({});
    const unbounded = await chat(open.key);
    expect(unbounded.status).toBe(200);
    expect(unbounded.headers.get('x-switchboard-max-tokens')).toBeNull();
    expect(lastUpstreamBody().max_tokens).toBeUndefined();
    const budgeted = await createKey({ budgetUsd: 1, budgetPeriod: 'day' });
    const fits = await chat(budgeted.key, { max_tokens: 50 });
    expect(fits.headers.get('x-switchboard-max-tokens')).toBeNull();
    expect(lastUpstreamBody().max_tokens).toBe(50);
  });

  it('reserves for the largest output limit when a client sends two', async () => {
    // $0.0005 fits 1,000 output tokens but not 5,000: the larger one forwarded is the one lowered.
    const { key } = await createKey({ budgetUsd: 0.0005, budgetPeriod: 'day' });
    const answer = await chat(key, { max_tokens: 5_000, max_completion_tokens: 1_000 });
    expect(answer.status, answer.text).toBe(200);
    const sent = Number.parseInt(answer.headers.get('x-switchboard-max-tokens')!, 10);
    expect(sent).toBeLessThan(1_800);
    expect(lastUpstreamBody()).toMatchObject({ max_tokens: sent, max_completion_tokens: sent });
  });
});

describe('budget refusals (402 through the error table)', () => {
  it('says what the request may cost and what is left, never "used up" when it is not', async () => {
    const { key } = await createKey({ budgetUsd: 0.00001, budgetPeriod: 'day' });
    const answer = await chat(key, {}, 'x'.repeat(1_000));
    expect(answer.status).toBe(402);
    expect(answer.headers.get('x-should-retry')).toBe('false');
    const body = JSON.parse(answer.text) as { error: { message: string; type: string; code: string } };
    expect(body.error).toMatchObject({ type: 'insufficient_quota', code: 'budget_exhausted' });
    expect(body.error.message).toMatch(
      /^This request may cost up to \$0\.000\d+ and \$0\.00001 of \$0\.00001 is left in this API key's daily budget\./,
    );
    expect(body.error.message).not.toContain('used up');

    const messages = await post('/v1/messages', key, {
      model: SIMULATED_MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x'.repeat(1_000) }],
    });
    expect(messages.status).toBe(402);
    expect(messages.headers.get('x-should-retry')).toBe('false');
    const anthropic = JSON.parse(messages.text) as { type: string; error: { type: string; message: string } };
    expect(anthropic.error.type).toBe('billing_error');
    expect(anthropic.error.message).toContain('of $0.00001 is left');
  });
});

describe('overage: a provider billing more than was reserved', () => {
  it('is recorded in full, flagged, counted, shown on the key, and closes the window until the budget is raised', async () => {
    const created = await createKey({ budgetUsd: 0.05, budgetPeriod: 'day' });
    // A provider reporting 200,000 prompt tokens for "Hello": $0.028, far above the reservation's input part.
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: 200_000 });
    let answer: Awaited<ReturnType<typeof chat>>;
    try {
      answer = await chat(created.key, { max_tokens: 10 });
    } finally {
      harness.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: undefined });
    }
    expect(answer.status, answer.text).toBe(200);
    const requestId = answer.headers.get('x-request-id')!;

    const summary = await eventually(async () => {
      const view = await harness.admin<{ budgetUsage: Record<string, number | boolean> }>('GET', `/admin/api-keys/${created.id}`);
      return view.body.budgetUsage.closed === true ? view.body.budgetUsage : undefined;
    });
    // 200,000 x 0.14 plus a few output tokens: about 28,001 micro-dollars, never clamped to the reservation.
    expect(summary.spentMicros).toBeGreaterThanOrEqual(28_000);
    expect(summary.spentMicros).toBeLessThan(28_010);
    expect(summary.overageMicros).toBeGreaterThan(27_000);
    expect(summary.remainingMicros).toBe(0);

    const refused = await chat(created.key, { max_tokens: 10 });
    expect(refused.status).toBe(402);
    expect(JSON.parse(refused.text).error.message).toMatch(
      /billed \$0\.0\d+ more than was reserved, so this API key's daily budget of \$0\.05 is closed until it resets at/,
    );

    const generation = await eventually(async () => {
      const response = await fetch(`${harness.url}/v1/generation?id=${requestId}`, {
        headers: { authorization: `Bearer ${created.key}` },
      });
      return response.status === 200 ? ((await response.json()) as { data: Record<string, unknown> }) : undefined;
    });
    expect(generation.data).toMatchObject({ budget_overage: true, cost_micros: summary.spentMicros });
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_budget_overages_total\{provider="sim"\} [1-9]/);

    // Raising the budget opens the window again.
    const raised = await harness.admin('PATCH', `/admin/api-keys/${created.id}`, { budgetUsd: 1 });
    expect(raised.status, raised.text).toBe(200);
    const again = await eventually(async () => {
      const retried = await chat(created.key, { max_tokens: 10 });
      return retried.status === 200 ? retried : undefined;
    });
    expect(again.status).toBe(200);
  });
});
