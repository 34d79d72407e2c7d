import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../src/format/format-usd';
import { type DashboardFixture, MODEL, PRICE, PROVIDER, startDashboardFixture } from './dashboard-fixture';
import { eventually } from './eventually';

const PROVIDER_SECRET = 'sk-typed-once-into-the-dashboard-4242';
const KEY_NAME = 'e2e-app';

/**
 * The dashboard end to end, in headless Chromium against a running gateway: what an admin does in
 * the browser, checked against what the gateway and the provider really did.
 */
describe('dashboard, end to end in Chromium', () => {
  let fixture: DashboardFixture;
  let context: BrowserContext;
  let page: Page;
  let gatewayKey = '';
  let expectedCostMicros = 0;

  const client = () => new OpenAI({ baseURL: `${fixture.url}/v1`, apiKey: gatewayKey, maxRetries: 0 });
  const open = async (path: string) => {
    await page.goto(`${fixture.url}/dashboard/${path}`);
  };

  beforeAll(async () => {
    fixture = await startDashboardFixture();
    // The provider only answers to the key the admin types into the dashboard.
    fixture.simulator.setBehaviour(PROVIDER, { expectedKey: PROVIDER_SECRET });
    context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await fixture?.close();
  });

  it('signs in with the admin token into an HttpOnly cookie, never into storage a script can read', async () => {
    await open('');
    await page.getByLabel('Admin token').fill(fixture.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Usage',
      'Statements',
      'Providers',
      'Prices',
      'Provider keys',
      'Gateway keys',
      'Teams',
      'Alerts',
      'Audit log',
    ]);
    const cookie = (await context.cookies()).find((entry) => entry.name === 'switchboard_admin');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    // Evaluated in the page (a string, as the test itself compiles without DOM types).
    const visibleToScripts = await page.evaluate(
      'JSON.stringify([document.cookie, Object.entries(localStorage), Object.entries(sessionStorage)])',
    );
    expect(JSON.stringify(visibleToScripts)).not.toContain(fixture.adminToken);
    // A reload keeps the session (the cookie), and nothing else was needed to keep it.
    await page.reload();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  });

  it('adds a provider key, tests it, creates a gateway key and calls the gateway with it through the openai client', async () => {
    await page.getByRole('link', { name: 'Provider keys' }).click();
    const addForm = page.getByRole('form', { name: 'Add a provider key' });
    await addForm.getByLabel('Key name').fill('production');
    await addForm.getByLabel('Secret').fill(PROVIDER_SECRET);
    await addForm.getByRole('button', { name: 'Add key' }).click();
    const keyCard = page.getByTestId('provider-key-production');
    await keyCard.getByText('active').waitFor();
    // Each state says why and since when (DESIGN.md contract 6).
    expect(await keyCard.getByTestId('provider-key-production-status').textContent()).toMatch(/Serves requests\. Since /);
    // The secret went in once: the form forgot it, and the page shows only the last four characters.
    expect(await addForm.getByLabel('Secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(PROVIDER_SECRET);
    expect(await keyCard.textContent()).toContain(PROVIDER_SECRET.slice(-4));
    await keyCard.getByRole('button', { name: 'Test' }).click();
    await keyCard.getByText(/^Works/).waitFor();

    await page.getByRole('link', { name: 'Gateway keys' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    const createForm = page.getByRole('form', { name: 'Create a gateway key' });
    await createForm.getByLabel('Name').fill(KEY_NAME);
    await createForm.getByLabel('Budget (USD)').fill('5');
    await createForm.getByRole('button', { name: 'Create key' }).click();
    gatewayKey = (await page.getByTestId('created-key').textContent()) ?? '';
    expect(gatewayKey).toMatch(/^sb_live_/);
    await page.getByTestId(`gateway-key-${KEY_NAME}`).waitFor();

    const completion = await client().chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Hello from the dashboard test' }],
    });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    const usage = completion.usage!;
    // USD per million tokens is micro-dollars per token.
    expectedCostMicros = usage.prompt_tokens * PRICE.input + usage.completion_tokens * PRICE.output;
    expect(fixture.simulator.requests(PROVIDER).at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);

    // The key's card shows the spend against its budget once the request settles.
    const card = page.getByTestId(`gateway-key-${KEY_NAME}`);
    await eventually(
      async () => {
        await page.reload();
        const text = (await card.textContent({ timeout: 2_000 })) ?? '';
        return text.includes(`${formatUsd(expectedCostMicros)} of $5.00 this month`) ? true : undefined;
      },
      5_000,
      'the spend shown against the budget',
    );
  });

  // Needs GET /admin/usage (the usage pipeline), which lands on main separately.
  it('shows that request in the overview and in the usage explorer, at the right cost', async () => {
    expect(expectedCostMicros).toBeGreaterThan(0);
    // Fail fast and say why on a gateway without the usage API, instead of waiting on the page.
    const lastHour = new URLSearchParams({
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      granularity: 'total',
      groupBy: '',
    });
    const probe = await fetch(`${fixture.url}/admin/usage?${lastHour.toString()}`, {
      headers: { authorization: `Bearer ${fixture.adminToken}` },
    });
    expect(probe.status, 'GET /admin/usage, the usage API this page reads').toBe(200);
    await open('');
    await eventually(
      async () => {
        await page.reload();
        const requests = await page.getByTestId('total-requests').textContent({ timeout: 2_000 });
        const cost = await page.getByTestId('total-cost').textContent({ timeout: 2_000 });
        return requests === '1' && cost === formatUsd(expectedCostMicros) ? true : undefined;
      },
      10_000,
      'the overview showing one request at the expected cost',
    );
    expect(await page.getByText('Top gateway keys by cost').locator('..').textContent()).toContain(KEY_NAME);

    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByLabel('Model', { exact: true }).first().waitFor();
    await page.getByRole('checkbox', { name: 'Gateway key' }).check();
    const table = page.getByTestId('usage-table');
    await table.getByText(KEY_NAME).waitFor();
    const row = table.locator('tbody tr').filter({ hasText: KEY_NAME });
    expect(await row.textContent()).toContain(MODEL);
    expect(await row.locator('td[data-label="Cost"]').textContent()).toBe(formatUsd(expectedCostMicros));
    expect(await page.getByTestId('usage-total-cost').textContent()).toBe(formatUsd(expectedCostMicros));

    // The CSV download is the same report, fetched by the browser with the session cookie.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    // Refused requests come last, so scripts reading the earlier columns by position keep working.
    expect(header).toMatch(/,cost_usd,refused$/);
    expect(lines.some((line) => line.includes(KEY_NAME) && line.endsWith(`,${expectedCostMicros / 1_000_000},0`))).toBe(true);
  });

  it('creates an alert on the Alerts page, shows its secret once, and lists its delivery with the attempt', async () => {
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(String(request.headers['x-switchboard-signature']));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      await open('alerts');
      await page.getByRole('button', { name: 'Create alert' }).click();
      const form = page.getByRole('form', { name: 'Create an alert' });
      await form.locator('select[name=kind]').selectOption('budget');
      await form.locator('input[name=thresholds]').fill('50');
      // A budget of one micro-dollar: the request the earlier test made is past half of it.
      await form.locator('input[name=budgetUsd]').fill('0.000001');
      await form.locator('input[name=target]').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
      await form.getByRole('button', { name: 'Create alert' }).click();
      const secret = await page.getByTestId('alert-secret').textContent();
      expect(secret).toMatch(/^whsec_/);
      const { data } = await fixture.admin<{ data: { id: string }[] }>('GET', '/admin/alerts');
      expect(data).toHaveLength(1);
      const alertId = data[0]!.id;
      expect((await fixture.switchboard.alerts!.evaluateNow()).fired).toHaveLength(1);
      await eventually(async () => {
        const deliveries = await fixture.admin<{ data: { status: string }[] }>('GET', `/admin/alerts/${alertId}/deliveries`);
        expect(deliveries.data.map((delivery) => delivery.status)).toEqual(['delivered']);
        return true;
      });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const card = page.getByTestId(`alert-${alertId}`);
      await card.getByRole('button', { name: 'Deliveries' }).click();
      const log = page.getByTestId(`deliveries-${alertId}`);
      await log.getByText('delivered', { exact: true }).waitFor();
      expect(await log.locator('ol.attempts li').allTextContents()).toEqual([expect.stringContaining('200')]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it("edits the gateway key's limits and scopes, then revokes it, and the next call with it fails", async () => {
    await open('gateway-keys');
    const card = page.getByTestId(`gateway-key-${KEY_NAME}`);
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: `Edit ${KEY_NAME}` });
    await form.getByLabel('Requests per minute').fill('60');
    await form.getByLabel('Allowed models').fill(`${MODEL}, other-*`);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText(`models: ${MODEL}, other-* · 60 req/min`).waitFor();
    // The budget and spend survived the edit.
    expect(await card.textContent()).toContain('of $5.00 this month');
    await card.getByRole('button', { name: 'Revoke' }).click();
    await card.getByRole('button', { name: 'Revoke for good?' }).click();
    await card.waitFor({ state: 'detached' });
    const failure = await eventually(
      async () => {
        const error = await client()
          .chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Still there?' }] })
          .then(
            () => undefined,
            (reason: unknown) => reason,
          );
        return error;
      },
      3_000,
      'the revoked key being refused',
    );
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((failure as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
  });

  it("shows a provider's config-file prices as read-only, disables and re-enables it, and the audit log records each change", async () => {
    await open('providers');
    const card = page.getByTestId(`provider-${PROVIDER}`);
    // The fixture's config file names the model's price: the file owns it (DESIGN.md contract 5).
    await card.getByText(`From config file:`).waitFor();
    expect(await card.textContent()).toContain(`models/${MODEL}/price`);
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: `Edit ${PROVIDER}` });
    expect(await form.getByLabel('output').isDisabled()).toBe(true);
    await form.getByRole('button', { name: 'Cancel' }).click();

    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('disabled', { exact: true }).waitFor();
    expect((await fixture.admin<{ enabled: boolean }>('GET', `/admin/providers/${PROVIDER}`)).enabled).toBe(false);
    await card.getByRole('button', { name: 'Enable' }).click();
    await card.getByText('enabled', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    const audit = page.getByTestId('audit-table');
    await audit.waitFor();
    const actions = await audit.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actions.slice(0, 2)).toEqual(['provider.update', 'provider.update']);
    expect(actions).toEqual(expect.arrayContaining(['provider_key.create', 'api_key.create', 'api_key.revoke']));
  });

  it('creates a team, adds a gateway key to it, sets its budget, and shows the member and the budget', async () => {
    const member = await fixture.admin<{ id: string }>('POST', '/admin/api-keys', { name: 'team-member' });
    await open('teams');
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await page.getByRole('button', { name: 'Create team' }).click();
    const form = page.getByRole('form', { name: 'Create a team' });
    await form.getByLabel('Name').fill('payments');
    await form.getByLabel('Requests per minute').fill('120');
    await form.getByRole('button', { name: 'Create team' }).click();
    const card = page.getByTestId('team-payments');
    await card.getByText('any model · 120 req/min').waitFor();
    await card.getByLabel('Key to add to payments').selectOption({ label: 'team-member' });
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByRole('list', { name: 'Members of payments' }).getByText('team-member').waitFor();
    const key = await fixture.admin<{ teamId: string | null }>('GET', `/admin/api-keys/${member.id}`);
    expect(key.teamId).toMatch(/^team_/);

    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit payments' });
    await edit.getByLabel('Budget (USD)').fill('50');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText('of $50.00 this month').waitFor();
    const team = await fixture.admin<{ budgetMicros: number; budgetPeriod: string; members: { id: string }[] }>(
      'GET',
      `/admin/teams/${key.teamId}`,
    );
    expect(team).toMatchObject({ budgetMicros: 50_000_000, budgetPeriod: 'month', members: [{ id: member.id }] });

    // Rotating the member from the keys page shows its successor once, in the same team and budget.
    await open('gateway-keys');
    const keyCard = page.getByTestId('gateway-key-team-member');
    await keyCard.getByRole('button', { name: 'Rotate' }).click();
    await keyCard.getByRole('button', { name: /^Rotate\?/ }).click();
    const successorKey = await page.getByTestId('created-key').textContent();
    expect(successorKey).toMatch(/^sb_live_/);
    const listed = await fixture.admin<{ data: { name: string; teamId: string | null; ledgerKeyId: string | null }[] }>(
      'GET',
      '/admin/api-keys',
    );
    expect(listed.data.find((entry) => entry.name === 'team-member')).toMatchObject({
      teamId: key.teamId,
      ledgerKeyId: member.id,
    });
  });

  it('offers a billing token only what it may do', async () => {
    const created = await fixture.admin<{ token: string }>('POST', '/admin/tokens', { name: 'finance', role: 'billing' });
    const billingContext = await fixture.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const billing = await billingContext.newPage();
      await billing.goto(`${fixture.url}/dashboard/`);
      await billing.getByLabel('Admin token').fill(created.token);
      await billing.getByRole('button', { name: 'Sign in' }).click();
      const navigation = billing.getByRole('navigation', { name: 'Pages' });
      await navigation.waitFor();
      expect(await navigation.getByRole('link').allTextContents()).toEqual([
        'Overview',
        'Usage',
        'Statements',
        'Providers',
        'Prices',
        'Gateway keys',
        'Teams',
        'Alerts',
      ]);
      // The README: billing reads providers, gateway keys and usage, never provider keys.
      await billing.goto(`${fixture.url}/dashboard/provider-keys`);
      await navigation.waitFor();
      expect(await billing.getByRole('heading', { name: 'Provider keys' }).count()).toBe(0);
      await navigation.getByRole('link', { name: 'Teams' }).click();
      await billing.getByTestId('team-payments').waitFor();
      expect(await billing.getByRole('button', { name: /Create team|Edit|Delete|Add/ }).count()).toBe(0);
      await navigation.getByRole('link', { name: 'Gateway keys' }).click();
      await billing.getByRole('heading', { name: 'Gateway keys' }).waitFor();
      expect(await billing.getByRole('button', { name: 'Create key' }).count()).toBe(0);
      await navigation.getByRole('link', { name: 'Providers' }).click();
      await billing.getByTestId(`provider-${PROVIDER}`).waitFor();
      expect(await billing.getByRole('button', { name: /Add provider|Edit|Disable|Live health/ }).count()).toBe(0);
      // Typed-in URLs of pages the role lacks fall back to one it has.
      await billing.goto(`${fixture.url}/dashboard/audit`);
      await navigation.waitFor();
      expect(await billing.getByRole('heading', { name: 'Audit log' }).count()).toBe(0);
    } finally {
      await billingContext.close();
    }
  });

  it('never logged the admin token, the provider secret or the gateway key', () => {
    const written = fixture.logs.join('\n');
    expect(written).not.toContain(fixture.adminToken);
    expect(written).not.toContain(PROVIDER_SECRET);
    expect(written).not.toContain(gatewayKey);
  });
});
