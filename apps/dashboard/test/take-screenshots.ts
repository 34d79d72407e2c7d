import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { type DashboardFixture, MODEL, PROVIDER, startDashboardFixture } from './dashboard-fixture';

// `npm run screenshots`: every dashboard page at desktop and phone width, with real data made by
// real requests, written to docs/screenshots/<page>-desktop.png and -phone.png.

const OUTPUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

/** Providers, keys, budgets and a little traffic (with some failures), made through the admin API and /v1. */
async function seed(fixture: DashboardFixture): Promise<void> {
  const { baseUrl } = fixture.simulator.addProvider('fastlane', 'openai', { latencyMs: 40 });
  await fixture.admin('POST', '/admin/providers', {
    id: 'fastlane',
    name: 'Fastlane AI',
    adapter: 'openai-compatible',
    baseUrl,
    models: [
      { id: 'fast-chat', price: { input: 0.6, cachedInput: 0.15, output: 2.4 }, contextWindow: 200_000 },
      { id: 'fast-embed', kind: 'embedding', price: { input: 0.02, output: 0 } },
    ],
  });
  await fixture.admin('POST', `/admin/providers/${PROVIDER}/keys`, { name: 'production', secret: 'sk-sim-production-0001' });
  await fixture.admin('POST', '/admin/providers/fastlane/keys', { name: 'primary', secret: 'sk-fastlane-primary-7781' });
  const spare = await fixture.admin<{ id: string }>('POST', '/admin/providers/fastlane/keys', {
    name: 'spare',
    secret: 'sk-fastlane-spare-9902',
  });
  await fixture.admin('POST', `/admin/providers/fastlane/keys/${spare.id}/disable`, { reason: 'kept for rotation' });

  const keys: Record<string, string> = {};
  for (const fields of [
    { name: 'checkout-service', owner: 'team-payments', rpmLimit: 600, budgetUsd: 5, budgetPeriod: 'month' },
    {
      name: 'analytics-batch',
      owner: 'data',
      allowedModels: ['fast-*'],
      tpmLimit: 200_000,
      budgetUsd: 0.01,
      budgetPeriod: 'day',
    },
    { name: 'mobile-app', owner: 'team-mobile', concurrencyLimit: 20 },
  ]) {
    keys[fields.name] = (await fixture.admin<{ key: string }>('POST', '/admin/api-keys', fields)).key;
  }
  const retired = await fixture.admin<{ id: string }>('POST', '/admin/api-keys', { name: 'old-prototype' });
  await fixture.admin('POST', `/admin/api-keys/${retired.id}/revoke`);
  await new Promise((resolve) => setTimeout(resolve, 300));

  const call = (key: string, model: string, content: string) =>
    new OpenAI({ baseURL: `${fixture.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions
      .create({ model, messages: [{ role: 'user', content }], max_tokens: 200 })
      .catch(() => undefined);
  const prompt = (index: number) => `Summarise order ${index} for the customer. ${'Details. '.repeat(index % 7)}`;
  for (let index = 0; index < 12; index++) await call(keys['checkout-service']!, MODEL, prompt(index));
  for (let index = 0; index < 8; index++) await call(keys['analytics-batch']!, 'fast-chat', prompt(index * 3));
  for (let index = 0; index < 5; index++) await call(keys['mobile-app']!, index % 2 === 0 ? MODEL : 'fast-chat', prompt(index));
  // A short outage on one provider, so error rates and health have something to show.
  fixture.simulator.setBehaviour('fastlane', { errorStatus: 503 });
  for (let index = 0; index < 3; index++) await call(keys['mobile-app']!, 'fast-chat', prompt(index));
  fixture.simulator.setBehaviour('fastlane', { errorStatus: null });
  await call(keys['mobile-app']!, 'fast-chat', prompt(1));
  // Usage is ingested a few tens of milliseconds after each request.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

async function shoot(page: Page, name: string, width: string): Promise<void> {
  // Let charts measure their width and the last request settle.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUTPUT}${name}-${width}.png`, fullPage: true });
  process.stdout.write(`  ${name}-${width}.png\n`);
}

const fixture = await startDashboardFixture();
try {
  await mkdir(OUTPUT, { recursive: true });
  await seed(fixture);
  for (const { name: width, viewport } of WIDTHS) {
    const context = await fixture.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${fixture.url}/dashboard/`);
    await page.getByLabel('Admin token').waitFor();
    await shoot(page, 'sign-in', width);
    await page.getByLabel('Admin token').fill(fixture.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    // The seeded traffic is minutes old: the last hour shows its shape.
    await page.getByRole('button', { name: 'Last hour' }).click();
    await shoot(page, 'overview', width);

    await page.goto(`${fixture.url}/dashboard/usage`);
    await page.getByRole('checkbox', { name: 'Gateway key' }).check();
    await page.getByTestId('usage-table').waitFor();
    await shoot(page, 'usage', width);

    await page.goto(`${fixture.url}/dashboard/providers`);
    await page.getByTestId('provider-fastlane').getByRole('button', { name: 'Live health' }).click();
    await page.getByRole('table', { name: 'Health of fastlane' }).waitFor();
    await shoot(page, 'providers', width);

    await page.goto(`${fixture.url}/dashboard/provider-keys`);
    await page.locator('select[name="provider"]').selectOption('fastlane');
    await page.getByTestId('provider-key-primary').getByRole('button', { name: 'Test' }).click();
    await page
      .getByTestId('provider-key-primary')
      .getByText(/^Works/)
      .waitFor();
    await shoot(page, 'provider-keys', width);

    await page.goto(`${fixture.url}/dashboard/gateway-keys`);
    await page.getByTestId('gateway-key-checkout-service').waitFor();
    await shoot(page, 'gateway-keys', width);

    await page.goto(`${fixture.url}/dashboard/prices`);
    await page.getByTestId('prices-table').waitFor();
    await shoot(page, 'prices', width);

    await page.goto(`${fixture.url}/dashboard/audit`);
    await page.getByTestId('audit-table').waitFor();
    await shoot(page, 'audit', width);
    await context.close();
  }
} finally {
  await fixture.close();
}
