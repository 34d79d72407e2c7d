import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// Issue 14 point 7 on real Postgres: requests priced by the version in force when they started
// (a mid-day change, an off-peak window), every event naming its version, unpriced models served
// and flagged (or refused by the setting), the price sheet round trip and a deliberate re-pricing.

interface Generation {
  data: { total_cost: number; cost_micros: number; cost_picos: number; price_version_id: string | null; unpriced: boolean };
}
interface Version {
  id: string;
  provider: string;
  model: string;
  effectiveFrom: string;
  usdPerMillion: Record<string, string>;
  inForce?: boolean;
}

let harness: SwitchboardHarness;
const HOUR = 3_600_000;
// Tomorrow-plus at 12:00 UTC: the "mid-day" of the price change, in the future for the admin API.
const changeAt = Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 12 * HOUR;

async function generation(requestId: string): Promise<Generation['data']> {
  return eventually(async () => {
    const response = await fetch(`${harness.url}/v1/generation?id=${requestId}`, {
      headers: { authorization: `Bearer ${harness.apiKey}` },
    });
    return response.status === 200 ? ((await response.json()) as Generation).data : undefined;
  });
}

/** One seed-example call (2,000 cached + 200 uncached input, 300 output) dated `at` by the gateway's clock. */
async function callAt(at: number, model = SIMULATED_MODEL) {
  harness.switchboard.gateway.context.clock = () => at;
  const response = await harness.chat(model);
  expect(response.status, response.text).toBe(200);
  return { body: JSON.parse(response.text) as { usage: { cost: number } }, requestId: response.headers.get('x-request-id')! };
}

async function versionsOf(model = SIMULATED_MODEL): Promise<Version[]> {
  const listed = await harness.admin<{ data: Version[] }>('GET', `/admin/prices?provider=${SIMULATED_PROVIDER}&model=${model}`);
  expect(listed.status, listed.text).toBe(200);
  return listed.body.data;
}

/** The in-memory price book reloads after a change event: wait until it holds `count` versions of the model. */
async function bookHolds(count: number) {
  await eventually(async () =>
    harness.switchboard.gateway.context.priceBook?.versions(SIMULATED_PROVIDER, SIMULATED_MODEL).length === count
      ? true
      : undefined,
  );
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({
    environmentKey: 'sk-simulated',
    providers: [{ id: 'nopriced', models: ['bare-model'] }],
  });
  harness.simulator.setBehaviour(SIMULATED_PROVIDER, {
    inputTokens: 2_200,
    cachedInputTokens: 2_000,
    usageOverride: { completion_tokens: 300, total_tokens: 2_500 },
  });
});
afterAll(async () => {
  await harness?.close();
});

describe('the price book', () => {
  let launch: Version;
  let pro: Version;

  it('prices each request by the version in force when it started: launch prices, a change at noon, off-peak hours', async () => {
    // DeepSeek's launch prices of flash, from before any request: the model's first version.
    const created = await harness.admin<Version>('POST', '/admin/prices', {
      provider: SIMULATED_PROVIDER,
      model: SIMULATED_MODEL,
      effectiveFrom: '2026-04-24T00:00:00Z',
      usdPerMillion: { input: '0.14', cachedInput: '0.028', output: '0.28' },
    });
    expect(created.status, created.text).toBe(201);
    launch = created.body;
    // At noon the model costs what pro costs, half price off-peak (16:30-00:30 UTC).
    const changed = await harness.admin<Version>('POST', '/admin/prices', {
      provider: SIMULATED_PROVIDER,
      model: SIMULATED_MODEL,
      effectiveFrom: new Date(changeAt).toISOString(),
      usdPerMillion: { input: '1.74', cachedInput: '0.145', output: '3.48' },
      schedules: [
        {
          name: 'off-peak',
          from: '16:30',
          until: '00:30',
          usdPerMillion: { input: '0.87', cachedInput: '0.0725', output: '1.74' },
        },
      ],
    });
    expect(changed.status, changed.text).toBe(201);
    pro = changed.body;
    await bookHolds(2);

    const before = await callAt(changeAt - 1);
    expect(before.body.usage.cost).toBe(0.000168);
    expect(await generation(before.requestId)).toMatchObject({
      cost_micros: 168,
      cost_picos: 168_000_000,
      price_version_id: launch.id,
    });

    const after = await callAt(changeAt);
    expect(after.body.usage.cost).toBe(0.001682);
    expect(await generation(after.requestId)).toMatchObject({ cost_micros: 1_682, price_version_id: pro.id, unpriced: false });

    const peakEnd = await callAt(changeAt + 4.5 * HOUR - 1); // 16:29:59.999
    expect((await generation(peakEnd.requestId)).cost_picos).toBe(1_682_000_000);
    const offPeak = await callAt(changeAt + 4.5 * HOUR); // 16:30
    expect(await generation(offPeak.requestId)).toMatchObject({ cost_picos: 841_000_000, price_version_id: pro.id });
    const afterMidnight = await callAt(changeAt + 12.5 * HOUR - 1); // 00:29:59.999 the next day
    expect((await generation(afterMidnight.requestId)).cost_picos).toBe(841_000_000);

    const listed = await versionsOf();
    expect(listed.map((version) => [version.id, version.inForce])).toEqual([
      [launch.id, true],
      [pro.id, false],
    ]);
  });

  it('refuses a new version dated in the past once the model has versions: history is never re-priced by one', async () => {
    const refused = await harness.admin<{ error: { code: string; message: string } }>('POST', '/admin/prices', {
      provider: SIMULATED_PROVIDER,
      model: SIMULATED_MODEL,
      effectiveFrom: '2026-05-01T00:00:00Z',
      usdPerMillion: { input: '9', output: '9' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('/admin/prices/reprice');
    const malformed = await harness.admin<{ error: { code: string; message: string } }>('POST', '/admin/prices', {
      provider: SIMULATED_PROVIDER,
      model: SIMULATED_MODEL,
      effectiveFrom: '2030-01-01T00:00:00Z',
      usdPerMillion: { input: '0.1234567', output: '1' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_field');
  });

  it('serves a model without a price and flags it unpriced, or refuses it when the setting says so', async () => {
    harness.switchboard.gateway.context.clock = undefined;
    const served = await harness.chat('nopriced/bare-model');
    expect(served.status, served.text).toBe(200);
    const record = await generation(served.headers.get('x-request-id')!);
    expect(record).toMatchObject({ unpriced: true, cost_picos: 0, price_version_id: null });
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_unpriced_requests_total\{[^}]*model="bare-model"[^}]*\} 1/);

    const settings = harness.switchboard.gateway.context.settings;
    settings.unpricedModels = 'refuse';
    try {
      const refused = await harness.chat('nopriced/bare-model');
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text).error).toMatchObject({ code: 'model_unpriced', type: 'permission_error' });
    } finally {
      settings.unpricedModels = 'serve';
    }
  });

  it('exports a price sheet that imports back unchanged, and reports a changed price as a new version', async () => {
    const exported = await harness.admin<{ format: string; prices: Version[] }>(
      'GET',
      `/admin/prices/export?provider=${SIMULATED_PROVIDER}`,
    );
    expect(exported.status, exported.text).toBe(200);
    expect(exported.body.format).toBe('switchboard-price-sheet/1');
    expect(exported.body.prices).toHaveLength(2);
    const again = await harness.admin<{ added: unknown[]; changed: unknown[]; unchanged: number }>(
      'POST',
      '/admin/prices/import',
      exported.body,
    );
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ added: [], changed: [], unchanged: 2 });

    const edited = structuredClone(exported.body);
    edited.prices[1]!.usdPerMillion.output = '3.50';
    const dry = await harness.admin<{ dryRun: boolean; added: unknown[]; changed: { replaces: string }[] }>(
      'POST',
      '/admin/prices/import?dryRun=true',
      edited,
    );
    expect(dry.body).toMatchObject({ dryRun: true, unchanged: 1 });
    expect(dry.body.changed).toEqual([expect.objectContaining({ replaces: pro.id })]);
    expect(await versionsOf()).toHaveLength(2);

    const applied = await harness.admin<{ added: { id: string }[] }>('POST', '/admin/prices/import', edited);
    expect(applied.body.added).toHaveLength(1);
    await bookHolds(3);
    const newest = (await versionsOf()).find((version) => version.id === applied.body.added[0]!.id)!;
    expect(newest.usdPerMillion).toMatchObject({ output: '3.5' });
    const audit = await harness.admin<{ data: { action: string; actor: string }[] }>(
      'GET',
      '/admin/audit?target_type=price_version',
    );
    expect(audit.body.data.map((entry) => entry.action)).toContain('price_sheet.import');
  });

  it('re-prices a past range only when an admin says so, with an audit row, moving events and rollups alike', async () => {
    harness.switchboard.gateway.context.clock = undefined;
    const now = Date.now();
    const { requestId } = await callAt(now);
    harness.switchboard.gateway.context.clock = undefined;
    expect((await generation(requestId)).price_version_id).toBe(launch.id);
    const usageBefore = await harness.admin<{ totals: { costMicros: number } }>(
      'GET',
      `/admin/usage?granularity=total&model=${SIMULATED_MODEL}&from=${now - HOUR}&to=${now + HOUR}`,
    );
    const repriced = await harness.admin<{ events: number; deltaMicros: number }>('POST', '/admin/prices/reprice', {
      provider: SIMULATED_PROVIDER,
      model: SIMULATED_MODEL,
      from: new Date(now - 1).toISOString(),
      to: new Date(now + 1).toISOString(),
      priceVersionId: pro.id,
      reason: 'the launch price was entered late',
    });
    expect(repriced.status, repriced.text).toBe(200);
    expect(repriced.body).toMatchObject({ events: 1, deltaMicros: 1_682 - 168 });
    expect(await generation(requestId)).toMatchObject({ cost_micros: 1_682, price_version_id: pro.id });
    const usageAfter = await harness.admin<{ totals: { costMicros: number } }>(
      'GET',
      `/admin/usage?granularity=total&model=${SIMULATED_MODEL}&from=${now - HOUR}&to=${now + HOUR}`,
    );
    expect(usageAfter.body.totals.costMicros - usageBefore.body.totals.costMicros).toBe(1_682 - 168);
    const audit = await harness.admin<{ data: { action: string; details: { reason?: string } }[] }>(
      'GET',
      `/admin/audit?target_type=price_version&target_id=${pro.id}`,
    );
    expect(audit.body.data.find((entry) => entry.action === 'usage.reprice')?.details.reason).toBe(
      'the launch price was entered late',
    );
  });

  it('a price set through /admin/providers is billed from now as an admin version', async () => {
    harness.switchboard.gateway.context.clock = undefined;
    const patched = await harness.admin('PATCH', '/admin/providers/nopriced', {
      models: [{ id: 'bare-model', price: { input: 1, output: 2 } }],
    });
    expect(patched.status, patched.text).toBe(200);
    const versions = await harness.admin<{ data: (Version & { source: string })[] }>('GET', '/admin/prices?provider=nopriced');
    expect(versions.body.data).toMatchObject([{ source: 'admin', usdPerMillion: { input: '1', output: '2' } }]);
    await eventually(async () =>
      harness.switchboard.gateway.context.priceBook?.versions('nopriced', 'bare-model').length ? true : undefined,
    );
    const served = await harness.chat('nopriced/bare-model');
    expect(await generation(served.headers.get('x-request-id')!)).toMatchObject({
      unpriced: false,
      price_version_id: versions.body.data[0]!.id,
    });
  });
});
