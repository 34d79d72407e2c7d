import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCatalogImport } from '../src/catalog-import/catalog-import-cli';
import type { CatalogImportReport } from '../src/catalog-import/import-catalog';
import {
  eventually,
  SIMULATED_MODEL,
  SIMULATED_PROVIDER,
  type SwitchboardHarness,
  startSwitchboardHarness,
} from './switchboard-harness';

// Issue 19 point 4 on real Postgres and Redis: each import format end to end (the admin API and
// the CLI through the same code), the diff it reports, and the next request priced by the
// version it made; prices older than PRICE_MAX_AGE_DAYS flagged stale.

const fixturePath = (name: string) => new URL(`../src/catalog-import/__fixtures__/${name}`, import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(fixturePath(name), 'utf8'));

interface Generation {
  data: { cost_picos: number; price_version_id: string | null; unpriced: boolean };
}

let harness: SwitchboardHarness;

async function generation(requestId: string, instance = harness): Promise<Generation['data']> {
  return eventually(async () => {
    const response = await fetch(`${instance.url}/v1/generation?id=${requestId}`, {
      headers: { authorization: `Bearer ${harness.apiKey}` },
    });
    return response.status === 200 ? ((await response.json()) as Generation).data : undefined;
  });
}

/** One call (1,000 input tokens, 500 output) and the event it recorded. */
async function pricedCall(model: string, instance = harness) {
  const response = await instance.chat(model);
  expect(response.status, response.text).toBe(200);
  return generation(response.headers.get('x-request-id')!, instance);
}

async function importThroughAdmin(file: string, query: string) {
  return harness.admin<CatalogImportReport>('POST', `/admin/catalog/import${query}`, fixture(file));
}

/** The price book reloads on a change event: wait until the version is the one in force. */
async function inForce(provider: string, model: string, versionId: string) {
  await eventually(async () =>
    harness.switchboard.gateway.context.priceBook?.versionAt(provider, model, Date.now())?.version.id === versionId
      ? true
      : undefined,
  );
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
  await harness.addSimulatedProvider('orsim');
  await harness.addKey('orsim', 'main', 'sk-orsim-simulated');
  for (const provider of [SIMULATED_PROVIDER, 'orsim']) {
    harness.simulator.setBehaviour(provider, {
      inputTokens: 1_000,
      usageOverride: { completion_tokens: 500, total_tokens: 1_500 },
    });
  }
});
afterAll(async () => {
  await harness?.close();
});

describe('catalog import', () => {
  it('imports a price sheet: a dry run writes nothing, the import makes the version that prices the next request', async () => {
    const dry = await importThroughAdmin('price-sheet.json', '?dryRun=true');
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({
      format: 'price-sheet',
      dryRun: true,
      prices: {
        added: [
          {
            provider: SIMULATED_PROVIDER,
            model: SIMULATED_MODEL,
            effectiveFrom: '2026-01-01T00:00:00.000Z',
            usdPerMillion: { input: '1', cachedInput: '0.1', output: '2' },
          },
        ],
        changed: [],
        unchanged: 0,
      },
      priceVersionIds: [],
    });
    const unpriced = await pricedCall(SIMULATED_MODEL);
    expect(unpriced).toMatchObject({ price_version_id: null, unpriced: true });

    const done = await importThroughAdmin('price-sheet.json', '');
    expect(done.status, done.text).toBe(200);
    expect(done.body.priceVersionIds).toHaveLength(1);
    await inForce(SIMULATED_PROVIDER, SIMULATED_MODEL, done.body.priceVersionIds[0]!);
    // 1,000 input at $1 per 1M and 500 output at $2 per 1M: 2,000 micro-dollars.
    expect(await pricedCall(SIMULATED_MODEL)).toMatchObject({
      price_version_id: done.body.priceVersionIds[0],
      cost_picos: 2_000_000_000,
      unpriced: false,
    });
    const again = await importThroughAdmin('price-sheet.json', '');
    expect(again.body.prices).toEqual({ added: [], changed: [], unchanged: 1 });
  });

  it('flags a price in force older than PRICE_MAX_AGE_DAYS as stale', async () => {
    const ages = await harness.admin<{
      maxAgeDays: number;
      data: { provider: string; model: string; stale: boolean; ageDays: number | null }[];
    }>('GET', '/admin/catalog/price-ages');
    expect(ages.status, ages.text).toBe(200);
    expect(ages.body.maxAgeDays).toBe(180);
    const sim = ages.body.data.find((age) => age.model === SIMULATED_MODEL)!;
    // In force since 2026-01-01, more than 180 days ago.
    expect(sim.ageDays).toBeGreaterThan(180);
    expect(sim.stale).toBe(true);
    expect(ages.body.data.find((age) => age.model === 'orsim-model')).toMatchObject({ stale: false, ageDays: null });
    const listed = await harness.admin<{ data: { stale: boolean }[] }>('GET', `/admin/prices?model=${SIMULATED_MODEL}`);
    expect(listed.body.data.map((version) => version.stale)).toEqual([true]);
  });

  it("imports OpenRouter's /models: updates the model it knows, adds the one it does not, skips a variable price", async () => {
    const report = await importThroughAdmin('openrouter-models.json', '?provider=orsim');
    expect(report.status, report.text).toBe(200);
    expect(report.body.models).toEqual({
      added: [{ provider: 'orsim', model: 'vendor/new-model' }],
      changed: [
        {
          provider: 'orsim',
          model: 'orsim-model',
          fields: [
            'contextWindow',
            'maxOutputTokens',
            'capabilities.tools',
            'capabilities.vision',
            'capabilities.jsonMode',
            'capabilities.reasoning',
          ],
        },
      ],
      unchanged: 0,
    });
    expect(report.body.prices.added.map((price) => [price.model, price.usdPerMillion])).toEqual([
      ['orsim-model', { input: '3', cachedInput: '0.3', cacheWrite5m: '3.75', output: '15' }],
      ['vendor/new-model', { input: '0.14', output: '0.28' }],
    ]);
    expect(report.body.skipped).toEqual([
      { entry: 'openrouter/auto', reason: 'pricing.prompt or pricing.completion is not a fixed price' },
    ]);
    await inForce('orsim', 'orsim-model', report.body.priceVersionIds[0]!);
    // 1,000 x $3 + 500 x $15 per 1M = 10,500 micro-dollars.
    expect(await pricedCall('orsim-model')).toMatchObject({
      price_version_id: report.body.priceVersionIds[0],
      cost_picos: 10_500_000_000,
    });
    const provider = await harness.admin<{ models: { id: string; contextWindow?: number }[] }>('GET', '/admin/providers/orsim');
    expect(provider.body.models.map((model) => [model.id, model.contextWindow])).toEqual([
      ['orsim-model', 200_000],
      ['vendor/new-model', 131_072],
    ]);
  });

  it('refuses a file that names a config-file provider, naming the file', async () => {
    const refused = await harness.admin<{ error: { code: string; message: string } }>(
      'POST',
      `/admin/catalog/import?provider=${SIMULATED_PROVIDER}`,
      fixture('openrouter-models.json'),
    );
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.code).toBe('owned_by_config_file');
    expect(refused.body.error.message).toContain('switchboard.json');
  });

  it("imports LiteLLM's price map from the command line; the next instance's requests are priced by it", async () => {
    const printed: string[] = [];
    // No REDIS_URL: this deployment runs without Redis, so instances see the import at their next start.
    const environment = {
      DATABASE_URL: harness.databaseUrl,
      SWITCHBOARD_CONFIG: join(harness.directory, 'switchboard.json'),
      DATA_DIR: join(harness.directory, 'data'),
    };
    const dry = await runCatalogImport([fixturePath('litellm-prices.json').pathname, '--dry-run'], environment, () => {});
    expect(dry.priceVersionIds).toEqual([]);
    const report = await runCatalogImport([fixturePath('litellm-prices.json').pathname], environment, (line) =>
      printed.push(line),
    );
    expect(JSON.parse(printed.join('\n'))).toEqual(report);
    expect(report.models.added).toEqual([{ provider: 'orsim', model: 'orsim-embed' }]);
    expect(report.prices.changed).toEqual([
      expect.objectContaining({
        provider: 'orsim',
        model: 'orsim-model',
        from: { input: '3', cachedInput: '0.3', cacheWrite5m: '3.75', output: '15' },
        to: { input: '2.5', cachedInput: '0.25', cacheWrite5m: '3.125', output: '10' },
      }),
    ]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { entry: 'orsim/orsim-image', reason: "mode 'image_generation' is neither chat nor embedding" },
        { entry: 'llama-3.3-70b-versatile', reason: "no provider 'groq' in the catalog (create it first)" },
        { entry: 'model', reason: "no provider 'some-unknown-host' in the catalog (create it first)" },
      ]),
    );
    expect(report.priceVersionIds).toHaveLength(2);
    const listed = await harness.admin<{ data: { id: string; inForce: boolean }[] }>(
      'GET',
      '/admin/prices?provider=orsim&model=orsim-model',
    );
    const litellmVersion = listed.body.data.find((version) => report.priceVersionIds.includes(version.id))!;
    expect(litellmVersion).toBeDefined();

    const next = await startSwitchboardHarness({ join: harness });
    try {
      // 1,000 x $2.5 + 500 x $10 per 1M = 7,500 micro-dollars.
      expect(await pricedCall('orsim-model', next)).toMatchObject({
        price_version_id: litellmVersion.id,
        cost_picos: 7_500_000_000,
      });
    } finally {
      await next.close();
    }
  });
});
