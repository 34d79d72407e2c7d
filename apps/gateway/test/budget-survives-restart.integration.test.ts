import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// $1 per 1M input tokens and $2 per 1M output = 1 and 2 micro-dollars per token. The simulator
// reports 1,000 prompt tokens and 5 output tokens: 1,010 micro-dollars a request.
const COST_PER_REQUEST_MICROS = 1_010;

const PROVIDER = 'priced';
let model: string;
let first: SwitchboardHarness;
let restarted: SwitchboardHarness | undefined;

async function chat(harness: SwitchboardHarness, key: string) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    // The simulator bills 1,000 input tokens: a prompt of that many bytes, so its upper bound covers them.
    body: JSON.stringify({ model, max_tokens: 10, messages: [{ role: 'user', content: 'Hello '.repeat(170) }] }),
  });
  const text = await response.text();
  return { status: response.status, requestId: response.headers.get('x-request-id')!, text };
}

async function spentUsd(harness: SwitchboardHarness, key: string): Promise<number> {
  const response = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${key}` } });
  return ((await response.json()) as { data: { budget: { spentUsd: number } } }).data.budget.spentUsd;
}

beforeAll(async () => {
  // No Redis: the budget ledger lives in the process's memory, as in the embedded default.
  first = await startSwitchboardHarness();
  // A provider added and priced through the admin API (the config file's providers are reset to
  // the file at every start, so a price set on them would not survive the restart).
  ({ model } = await first.addSimulatedProvider(PROVIDER, { inputTokens: 1_000, chunkCount: 5 }));
  const priced = await first.admin('PATCH', `/admin/providers/${PROVIDER}`, {
    models: [{ id: model, price: { input: 1, output: 2 } }],
  });
  expect(priced.status, priced.text).toBe(200);
  await first.addKey(PROVIDER, 'main', 'sk-priced');
});
afterAll(async () => {
  await restarted?.close();
  await first?.close();
});

describe('a budget kept in memory', () => {
  it('remembers what was spent after a restart, from the recorded usage', async () => {
    const created = await first.admin<{ key: string }>('POST', '/admin/api-keys', {
      name: 'restart-budget',
      budgetUsd: 0.005,
      budgetPeriod: 'month',
    });
    expect(created.status, created.text).toBe(201);
    const key = created.body.key;
    const spentBefore = [];
    for (let index = 0; index < 3; index++) spentBefore.push(await chat(first, key));
    expect(
      spentBefore.map((result) => result.status),
      JSON.stringify(spentBefore),
    ).toEqual([200, 200, 200]);
    // The usage events are stored (the embedded pipeline flushes within tens of milliseconds).
    for (const { requestId } of spentBefore) {
      await eventually(async () => {
        const response = await fetch(`${first.url}/v1/generation?id=${requestId}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        await response.text();
        return response.status === 200 ? true : undefined;
      });
    }
    expect(await spentUsd(first, key)).toBeCloseTo((3 * COST_PER_REQUEST_MICROS) / 1e6, 9);

    // A second instance on the same database has a fresh, empty ledger: as after a restart.
    restarted = await startSwitchboardHarness({ join: first });
    expect(await spentUsd(restarted, key)).toBeCloseTo((3 * COST_PER_REQUEST_MICROS) / 1e6, 9);
    // $0.005 leaves room for one more request of this size: admission reserves the prompt's upper
    // bound (about 1,050 micro-dollars here), so the budget never ends above its limit; a ledger
    // that forgot the spend would admit four.
    const after = [];
    for (let index = 0; index < 4; index++) {
      after.push((await chat(restarted, key)).status);
    }
    expect(after).toEqual([200, 402, 402, 402]);
  });
});
