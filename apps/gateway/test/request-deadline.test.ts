import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// REQUEST_TIMEOUT_MS caps a request's attempts together: a hanging first provider may use the
// budget up, and then no fallback starts.
describe('the request deadline across attempts', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(
      [
        { id: 'hanging', format: 'openai', models: [{ id: 'shared-model' }], behaviour: { hang: true } },
        { id: 'healthy', format: 'openai', models: [{ id: 'shared-model' }] },
      ],
      { settings: { timeouts: { connectMs: 500, firstByteMs: 5_000, idleMs: 5_000, totalMs: 5_000, requestMs: 300 } } },
    );
  });
  afterAll(() => harness.close());

  it('ends the request at its deadline instead of falling over past it', async () => {
    const started = Date.now();
    const response = await harness.post('/v1/chat/completions', {
      model: 'shared-model',
      provider: { order: ['hanging', 'healthy'] },
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upstream_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
    expect(harness.simulator.requests('healthy')).toHaveLength(0);
  });
});
