import type { UsageEvent } from '@switchboard/usage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

// The embedded gateway keeps Idempotency-Key answers in its bounded in-memory store.
describe('Idempotency-Key in the embedded gateway', () => {
  let harness: Harness;
  let small: Harness;
  const events: UsageEvent[] = [];

  beforeAll(async () => {
    const providers = [{ id: 'sim', format: 'openai' as const, models: [{ id: 'sim-model', price: { input: 10, output: 20 } }] }];
    harness = await startHarness(providers);
    harness.gateway.context.usage = { record: (event) => events.push(event) };
    small = await startHarness(providers, { settings: { idempotentAnswerBytes: 64 } });
  });
  afterAll(async () => {
    await harness?.close();
    await small?.close();
  });

  const chat = (target: Harness, key: string, stream = false) =>
    target.post(
      '/v1/chat/completions',
      { model: 'sim-model', stream, messages: [{ role: 'user', content: `Hello ${key}` }] },
      { 'idempotency-key': key },
    );

  it('replays the first answer, whole or streamed, with one provider call and a zero-cost replay event', async () => {
    for (const stream of [false, true]) {
      const key = `embedded-${stream}`;
      const before = harness.simulator.requests('sim').length;
      const original = await chat(harness, key, stream);
      const originalText = await original.text();
      const repeat = await chat(harness, key, stream);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      expect(await repeat.text()).toBe(originalText);
      expect(harness.simulator.requests('sim').length - before).toBe(1);
      const repeatId = repeat.headers.get('x-request-id');
      const replayEvent = events.find((event) => event.requestId === repeatId);
      expect(replayEvent).toMatchObject({ outcome: 'idempotent_replay', costMicros: 0, attempts: 0, stream });
      const originalEvent = events.find((event) => event.requestId === original.headers.get('x-request-id'));
      expect(originalEvent?.costMicros).toBeGreaterThan(0);
    }
  });

  it('serves but does not keep an answer over the size limit, so the repeat runs again', async () => {
    const before = small.simulator.requests('sim').length;
    const original = await chat(small, 'too-large');
    expect(original.status).toBe(200);
    await original.text();
    const repeat = await chat(small, 'too-large');
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBeNull();
    await repeat.text();
    expect(small.simulator.requests('sim').length - before).toBe(2);
  });
});
