import type { BudgetLedger } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface CreatedKey {
  id: string;
  key: string;
}

describe('a budget ledger that fails after the rate limiter admitted', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
  });
  afterAll(() => harness?.close());

  async function chat(key: string): Promise<number> {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    await response.text();
    return response.status;
  }

  it('gives the concurrency slot back, so one failed reservation does not lock the key out', async () => {
    const created = await harness.admin<CreatedKey>('POST', '/admin/api-keys', {
      name: 'one-at-a-time-with-budget',
      concurrencyLimit: 1,
      budgetUsd: 100,
      budgetPeriod: 'day',
    });
    expect(created.status, created.text).toBe(201);
    const { key } = created.body;
    expect(await chat(key)).toBe(200);

    // The ledger's store (Redis in production) fails once, between rate-limit admission and reservation.
    const ledger: BudgetLedger = harness.switchboard.gateway.context.access!.ledger;
    const reserve = ledger.reserve;
    ledger.reserve = async () => {
      throw new Error('ledger store unreachable');
    };
    const before = harness.simulator.requests(SIMULATED_PROVIDER).length;
    let failedStatus: number;
    try {
      failedStatus = await chat(key);
    } finally {
      ledger.reserve = reserve;
    }
    expect(failedStatus).toBeGreaterThanOrEqual(500);
    expect(harness.simulator.requests(SIMULATED_PROVIDER)).toHaveLength(before);

    // Without the release the slot would stay held for the whole lease (15 minutes): 429 here.
    expect(await chat(key)).toBe(200);
  });
});
