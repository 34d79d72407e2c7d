import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

interface KeyReportBody {
  data: { budget: { spentUsd: number; reservedUsd: number } | null };
}

// A client that leaves in the middle of a stream still made the provider generate (and bill)
// tokens: the budget is charged an estimate, not nothing, or aborting streams would dodge it.
describe('budget settlement when the client leaves', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
    const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
      models: [{ id: SIMULATED_MODEL, price: { input: 10, output: 20 } }],
    });
    expect(priced.status, priced.text).toBe(200);
    await harness.switchboard.live.settled();
  });
  afterAll(() => harness?.close());

  it('settles an aborted stream at the prompt estimate plus what was delivered, and frees the reservation', async () => {
    const created = await harness.admin<{ key: string }>('POST', '/admin/api-keys', {
      name: 'aborting-client',
      budgetUsd: 10,
      budgetPeriod: 'day',
    });
    expect(created.status, created.text).toBe(201);
    const key = created.body.key;
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { chunkCount: 40, chunkGapMs: 100 });
    try {
      const controller = new AbortController();
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          model: SIMULATED_MODEL,
          stream: true,
          max_tokens: 500,
          messages: [{ role: 'user', content: 'Hello' }],
        }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      await reader.read();
      controller.abort();
      const report = await eventually(async () => {
        const answer = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await answer.json()) as KeyReportBody;
        return body.data.budget && body.data.budget.reservedUsd === 0 && body.data.budget.spentUsd > 0
          ? body.data.budget
          : undefined;
      });
      // The prompt (a few tokens at 10 µ$) and some delivered text (20 µ$ per token) at least;
      // far less than the 500-token worst case that was reserved.
      expect(report.spentUsd * 1_000_000).toBeGreaterThanOrEqual(30);
      expect(report.spentUsd * 1_000_000).toBeLessThan(500 * 20);
    } finally {
      harness.simulator.setBehaviour(SIMULATED_PROVIDER, { chunkCount: 5, chunkGapMs: 0 });
    }
  });
});
