import { AdminTokenStore } from '@switchboard/access';
import { createDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface Explanation {
  requested: string[];
  policy: string;
  attempts: { provider: string; model: string; stats?: { attempts: number } }[];
  rejected: { provider: string; code: string }[];
}

// The routing decision explained: with `x-switchboard-debug: 1` on a call, and for admins at
// GET /admin/routing/{model}.
describe('routing explanation', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-routing-explained' });
    // Routing traces are only for keys given the right.
    const keys = await harness.admin<{ data: { id: string; name: string }[] }>('GET', '/admin/api-keys');
    const id = keys.body.data.find((key) => key.name === 'default')!.id;
    expect((await harness.admin('PATCH', `/admin/api-keys/${id}`, { allowDebug: true })).status).toBe(200);
  });
  afterAll(() => harness?.close());

  async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}`, ...headers },
      body: JSON.stringify({ model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hi' }], ...body }),
    });
  }

  it('adds the route and the attempts to a whole answer only when asked', async () => {
    const plain = (await (await chat({})).json()) as Record<string, unknown>;
    expect(plain.switchboard).toBeUndefined();
    const debugged = (await (await chat({}, { 'x-switchboard-debug': '1' })).json()) as {
      choices: unknown[];
      switchboard: { routing: Explanation; attempts: { provider: string; outcome: string }[] };
    };
    expect(debugged.choices).toHaveLength(1);
    expect(debugged.switchboard.routing.requested).toEqual([SIMULATED_MODEL]);
    expect(debugged.switchboard.routing.attempts[0]).toMatchObject({ provider: SIMULATED_PROVIDER, model: SIMULATED_MODEL });
    expect(debugged.switchboard.attempts.at(-1)).toEqual({
      provider: SIMULATED_PROVIDER,
      model: SIMULATED_MODEL,
      outcome: 'served',
    });
  });

  it('sends the route as an SSE comment ahead of a stream, which clients skip', async () => {
    const response = await chat({ stream: true }, { 'x-switchboard-debug': '1' });
    const text = await response.text();
    expect(text.startsWith(': switchboard {')).toBe(true);
    const trace = JSON.parse(text.slice(': switchboard '.length, text.indexOf('\n'))) as { routing: Explanation };
    expect(trace.routing.attempts[0]?.provider).toBe(SIMULATED_PROVIDER);
    expect(text).toContain('data: [DONE]');
  });

  it('shows admins the live candidates with statistics and rejections', async () => {
    const response = await harness.admin<Explanation>('GET', `/admin/routing/${SIMULATED_MODEL}?policy=latency&stream=true`);
    expect(response.status).toBe(200);
    expect(response.body.policy).toBe('latency');
    expect(response.body.attempts[0]).toMatchObject({ provider: SIMULATED_PROVIDER, model: SIMULATED_MODEL });
    expect(response.body.attempts[0]?.stats?.attempts).toBeGreaterThan(1);

    const pinned = await harness.admin<Explanation>('GET', `/admin/routing/${SIMULATED_PROVIDER}/${SIMULATED_MODEL}`);
    expect(pinned.status).toBe(200);
    expect(pinned.body.attempts).toHaveLength(1);

    expect((await harness.admin('GET', '/admin/routing/no-such-model')).status).toBe(404);
    expect((await harness.admin('GET', `/admin/routing/${SIMULATED_MODEL}?policy=fastest`)).status).toBe(400);
  });

  it('keeps the routing view from a billing token', async () => {
    const database = await createDatabase({ url: harness.databaseUrl });
    try {
      const { token } = await new AdminTokenStore(database.db).create({
        name: 'finance-routing',
        role: 'billing',
        createdBy: null,
      });
      expect((await harness.admin('GET', `/admin/routing/${SIMULATED_MODEL}`, undefined, token)).status).toBe(403);
    } finally {
      await database.close();
    }
  });
});
