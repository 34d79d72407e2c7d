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

interface Team {
  id: string;
  name: string;
  members: { id: string; name: string }[];
  budgetUsage: { spentMicros: number; reservedMicros: number; remainingMicros: number } | null;
}

interface Answer {
  status: number;
  body: { error?: { message: string; code: string; type: string } };
  headers: Headers;
}

interface UsageBody {
  data: { teamId?: string | null; apiKeyId?: string | null; requests: number; refused: number; costMicros: number }[];
  totals: { requests: number; refused: number };
}

const INPUT_MICROS_PER_TOKEN = 10;
const OUTPUT_MICROS_PER_TOKEN = 20;
const MAX_TOKENS = 1_000;
const MESSAGES = [{ role: 'user' as const, content: 'Hello' }];

async function chat(harness: SwitchboardHarness, key: string, model = SIMULATED_MODEL): Promise<Answer> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: MESSAGES, max_tokens: MAX_TOKENS }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers };
}

async function price(harness: SwitchboardHarness): Promise<void> {
  const priced = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
    models: [{ id: SIMULATED_MODEL, price: { input: INPUT_MICROS_PER_TOKEN, output: OUTPUT_MICROS_PER_TOKEN } }],
  });
  expect(priced.status, priced.text).toBe(200);
}

async function createKey(harness: SwitchboardHarness, body: Record<string, unknown>): Promise<CreatedKey> {
  const created = await harness.admin<CreatedKey>('POST', '/admin/api-keys', body);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

async function createTeam(harness: SwitchboardHarness, body: Record<string, unknown>): Promise<Team> {
  const created = await harness.admin<Team>('POST', '/admin/teams', body);
  expect(created.status, created.text).toBe(201);
  expect(created.body.id).toMatch(/^team_/);
  return created.body;
}

const worstCaseMicros =
  inputUpperBound(measureInputSize(MESSAGES), 'openai-compatible', SIMULATED_MODEL) * INPUT_MICROS_PER_TOKEN +
  MAX_TOKENS * OUTPUT_MICROS_PER_TOKEN;

describe('teams over Redis', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider' });
    await price(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('never lets 200 requests across several keys of one team pass the team budget, and names the team in the 402', async () => {
    const team = await createTeam(harness, {
      name: 'checkout',
      budgetUsd: (10 * worstCaseMicros) / 1_000_000,
      budgetPeriod: 'month',
    });
    // Each key alone could afford far more than the team.
    const keys = await Promise.all(
      [1, 2, 3, 4].map((index) =>
        createKey(harness, { name: `checkout-${index}`, teamId: team.id, budgetUsd: 100, budgetPeriod: 'month' }),
      ),
    );
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 1_000 });
    let answers: Answer[];
    try {
      answers = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(harness, keys[index % 4]!.key)));
    } finally {
      harness.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 0 });
    }
    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 402);
    expect(admitted.length + refused.length).toBe(200);
    // At least the ten worst cases fit; more only as the ledger lowers max_tokens to what is left
    // (contract 3) or as early answers settle below their reservations. Never past the budget.
    expect(admitted.length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.headers.get('x-should-retry')).toBe('false');
    expect(refused[0]!.body.error).toMatchObject({ code: 'budget_exhausted', type: 'insufficient_quota' });
    const messages = refused.map((answer) => answer.body.error!.message);
    expect(messages.every((message) => /team checkout's monthly budget/i.test(message))).toBe(true);
    expect(
      messages.some((message) =>
        /This request may cost up to \$[0-9.]+ and \$[0-9.]+ of \$[0-9.]+ is left in team checkout's monthly budget/.test(
          message,
        ),
      ),
    ).toBe(true);
    const settled = await eventually(async () => {
      const view = await harness.admin<Team>('GET', `/admin/teams/${team.id}`);
      return view.body.budgetUsage?.reservedMicros === 0 ? view.body : undefined;
    });
    expect(settled.budgetUsage!.spentMicros).toBeGreaterThan(0);
    expect(settled.budgetUsage!.spentMicros).toBeLessThanOrEqual(10 * worstCaseMicros);
    expect(settled.members.map((member) => member.id).sort()).toEqual(keys.map((key) => key.id).sort());
  });

  it("holds a team's RPM across its keys and answers 429 naming the team", async () => {
    const team = await createTeam(harness, { name: 'rpm-team', rpmLimit: 2 });
    const first = await createKey(harness, { name: 'rpm-1', teamId: team.id });
    const second = await createKey(harness, { name: 'rpm-2', teamId: team.id });
    const outsider = await createKey(harness, { name: 'rpm-outsider' });
    expect((await chat(harness, first.key)).status).toBe(200);
    expect((await chat(harness, second.key)).status).toBe(200);
    const limited = await chat(harness, first.key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(limited.body.error!.message).toContain('team rpm-team (requests per minute)');
    expect((await chat(harness, outsider.key)).status).toBe(200);
  });
});

describe('teams, refusals, rotation and roles (embedded usage pipeline)', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated-provider' });
    await price(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function usage(query: string): Promise<UsageBody> {
    const response = await harness.admin<UsageBody>('GET', `/admin/usage?granularity=total&${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  it('allows only the models both the key and its team allow, and a key policy overrides the team one', async () => {
    const team = await createTeam(harness, { name: 'narrow', allowedModels: ['other-*'], routingPolicy: 'price' });
    const key = await createKey(harness, { name: 'narrow-key', teamId: team.id, allowedModels: ['sim-*', 'other-*'] });
    const refused = await chat(harness, key.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'model_not_allowed' });
    const widened = await harness.admin('PATCH', `/admin/teams/${team.id}`, { allowedModels: ['sim-*'] });
    expect(widened.status, widened.text).toBe(200);
    await eventually(async () => ((await chat(harness, key.key)).status === 200 ? true : undefined));
    const bad = await harness.admin('POST', '/admin/teams', { name: 'bad', routingPolicy: 'fastest' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('routingPolicy');
  });

  it('keeps history with the team that paid when a key moves, and counts 402/403/429 refusals beside requests', async () => {
    const red = await createTeam(harness, { name: 'red' });
    const blue = await createTeam(harness, { name: 'blue', budgetUsd: 0, budgetPeriod: 'day' });
    const mover = await createKey(harness, { name: 'mover', teamId: red.id, rpmLimit: 2 });
    expect((await chat(harness, mover.key)).status).toBe(200);
    const moved = await harness.admin('PATCH', `/admin/api-keys/${mover.id}`, { teamId: blue.id });
    expect(moved.status, moved.text).toBe(200);
    // In blue (a zero budget) the key is refused with 402 (the in-process change bus has already
    // told the authenticator), then 429 once its own RPM of two is spent.
    const afterMove = await chat(harness, mover.key);
    expect(afterMove.status).toBe(402);
    expect(afterMove.body.error!.message).toMatch(/team blue's daily budget/i);
    expect((await chat(harness, mover.key)).status).toBe(429);
    const scoped = await createKey(harness, { name: 'scoped', teamId: red.id, allowedModels: ['other-*'] });
    expect((await chat(harness, scoped.key)).status).toBe(403);

    const byTeam = await eventually(async () => {
      const report = await usage('groupBy=team');
      const redRow = report.data.find((row) => row.teamId === red.id);
      const blueRow = report.data.find((row) => row.teamId === blue.id);
      return redRow?.refused === 1 && blueRow?.refused === 2 ? { redRow, blueRow } : undefined;
    });
    expect(byTeam.redRow).toMatchObject({ requests: 1, refused: 1 });
    expect(byTeam.blueRow).toMatchObject({ requests: 0, refused: 2 });
    const filtered = await usage(`teamId=${blue.id}&groupBy=key`);
    expect(filtered.data).toEqual([expect.objectContaining({ apiKeyId: mover.id, requests: 0, refused: 2 })]);
    const redOnly = await usage(`teamId=${red.id}`);
    expect(redOnly.totals).toMatchObject({ requests: 1, refused: 1 });
  });

  it('rotates a key: the successor continues its budget while the old key works for the overlap, then stops', async () => {
    const old = await createKey(harness, { name: 'rotating', budgetUsd: 5, budgetPeriod: 'month' });
    expect((await chat(harness, old.key)).status).toBe(200);
    const spentBefore = await eventually(async () => {
      const view = await harness.admin<{ budgetUsage: { spentMicros: number; reservedMicros: number } }>(
        'GET',
        `/admin/api-keys/${old.id}`,
      );
      return view.body.budgetUsage.reservedMicros === 0 ? view.body.budgetUsage.spentMicros : undefined;
    });
    expect(spentBefore).toBeGreaterThan(0);
    const rotated = await harness.admin<CreatedKey & { previous: { expiresAt: string }; ledgerKeyId: string; name: string }>(
      'POST',
      `/admin/api-keys/${old.id}/rotate`,
      { overlapSeconds: 3600 },
    );
    expect(rotated.status, rotated.text).toBe(201);
    expect(rotated.body).toMatchObject({ name: 'rotating', ledgerKeyId: old.id });
    expect(Date.parse(rotated.body.previous.expiresAt)).toBeGreaterThan(Date.now() + 3_500_000);
    // Both work during the overlap, and the spend goes on where it was.
    expect((await chat(harness, rotated.body.key)).status).toBe(200);
    expect((await chat(harness, old.key)).status).toBe(200);
    const successor = await harness.admin<{ budgetUsage: { spentMicros: number } }>('GET', `/admin/api-keys/${rotated.body.id}`);
    expect(successor.body.budgetUsage.spentMicros).toBeGreaterThan(spentBefore);
    // A rotation with no overlap ends the old key at once.
    const again = await harness.admin<CreatedKey>('POST', `/admin/api-keys/${rotated.body.id}/rotate`, { overlapSeconds: 0 });
    expect(again.status, again.text).toBe(201);
    await eventually(async () => ((await chat(harness, rotated.body.key)).status === 401 ? true : undefined));
    expect((await chat(harness, again.body.key)).status).toBe(200);
    const audit = await harness.admin<{ data: { action: string; targetId: string }[] }>(
      'GET',
      '/admin/audit?target_type=api_key',
    );
    expect(audit.body.data.filter((entry) => entry.action === 'api_key.rotate').map((entry) => entry.targetId)).toEqual(
      expect.arrayContaining([old.id, rotated.body.id]),
    );
  });

  it('refuses provider keys to the billing role, and shows a provider without a key as not usable', async () => {
    const keyless = await harness.admin('POST', '/admin/providers', {
      id: 'keyless',
      adapter: 'openai-compatible',
      baseUrl: `${harness.simulator.url}/p/keyless/v1`,
      models: [{ id: 'keyless-model' }],
    });
    expect(keyless.status, keyless.text).toBe(201);
    const token = await harness.admin<{ token: string }>('POST', '/admin/tokens', { name: 'finance', role: 'billing' });
    expect(token.status, token.text).toBe(201);
    const keys = await harness.admin('GET', `/admin/providers/${SIMULATED_PROVIDER}/keys`, undefined, token.body.token);
    expect(keys.status).toBe(403);
    expect((await harness.admin('GET', '/admin/teams', undefined, token.body.token)).status).toBe(200);
    expect((await harness.admin('POST', '/admin/teams', { name: 'nope' }, token.body.token)).status).toBe(403);
    expect((await harness.admin('GET', `/admin/providers/${SIMULATED_PROVIDER}/keys`)).status).toBe(200);
    const providers = await harness.admin<{ data: { id: string; usable: boolean; usableReason: string | null }[] }>(
      'GET',
      '/admin/providers',
      undefined,
      token.body.token,
    );
    expect(providers.status).toBe(200);
    expect(providers.body.data.find((provider) => provider.id === SIMULATED_PROVIDER)).toMatchObject({ usable: true });
    expect(providers.body.data.find((provider) => provider.id === 'keyless')).toMatchObject({
      usable: false,
      usableReason: 'no_key',
    });
  });
});
