import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminErrorBody, KeyTestBody, ListBody, ProviderBody, ProviderKeyBody } from './admin-api-bodies';
import { readEveryRow } from './read-every-row';
import { distinctiveSecret, findSecrets } from './secret-spellings';
import { eventually, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

const SECRET = distinctiveSecret('primary');
const STALE_SECRET = distinctiveSecret('stale');
const ROTATED_SECRET = distinctiveSecret('rotated');

async function readFilesUnder(directory: string): Promise<[string, string][]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path): Promise<[string, string]> => [path, await readFile(path, 'latin1')]));
}

describe('provider key secrecy', () => {
  let harness: SwitchboardHarness;
  const chatResponses: string[] = [];
  let primaryKeyId: string;

  /**
   * Every place a secret must never be: admin and chat responses, log lines, table rows, files.
   * `keyIds` must show up in the dump, which proves the scan reads the key rows at all.
   */
  async function leaksOf(secrets: string[], keyIds: string[]): Promise<string[]> {
    const rows = await readEveryRow(harness.databaseUrl);
    for (const keyId of keyIds) expect(rows.get('public.provider_keys')).toContain(keyId);
    expect(rows.get('public.audit_log')).toContain('provider_key.create');
    return findSecrets(
      [
        ...harness.adminResponses.map((text, index): [string, string] => [`admin response ${index}`, text]),
        ...chatResponses.map((text, index): [string, string] => [`chat response ${index}`, text]),
        ...harness.logs.map((line, index): [string, string] => [`log line ${index}`, line]),
        ...rows,
        ...(await readFilesUnder(harness.directory)),
      ],
      secrets,
    );
  }

  async function chat(): Promise<void> {
    const response = await harness.chat();
    chatResponses.push(response.text);
    expect(response.status, response.text).toBe(200);
  }

  beforeAll(async () => {
    // Only the simulator's own port on loopback is allowed, so `http://127.0.0.1/` stays refused.
    harness = await startSwitchboardHarness({ expectedKey: SECRET, egressOnlySimulatorPort: true });
  });
  afterAll(() => harness?.close());

  it('sends a key added through the admin API upstream, and shows it nowhere else', async () => {
    const created = await harness.admin<ProviderKeyBody>('POST', `/admin/providers/${SIMULATED_PROVIDER}/keys`, {
      name: 'primary',
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'primary', status: 'active', last4: SECRET.slice(-4) });
    primaryKeyId = created.body.id;
    // The simulator refuses this one, so the rejection path (upstream error, fallover, disable) runs too.
    const staleKeyId = await harness.addKey(SIMULATED_PROVIDER, 'stale', STALE_SECRET);
    await harness.switchboard.live.settled();

    harness.simulator.clearRequests(SIMULATED_PROVIDER);
    for (let index = 0; index < 4; index++) await chat();
    const sent = harness.authorizationsSent();
    expect(sent).toContain(`Bearer ${SECRET}`);
    // Once to a chat, once to the probe of the models list that then disabled it (the probe runs
    // once the key is marked suspect in Postgres, so wait for its verdict).
    await eventually(async () => {
      const listed = await harness.admin<ListBody<ProviderKeyBody>>('GET', `/admin/providers/${SIMULATED_PROVIDER}/keys`);
      return listed.body.data.find((key) => key.id === staleKeyId)?.status === 'disabled' ? true : undefined;
    });
    const stale = harness.simulator
      .requests(SIMULATED_PROVIDER)
      .filter((request) => request.headers.authorization === `Bearer ${STALE_SECRET}`)
      .map((request) => request.method);
    expect(stale.sort()).toEqual(['GET', 'POST']);

    // Every way the admin API can talk about keys and providers, each answer kept by the harness.
    const keysPath = `/admin/providers/${SIMULATED_PROVIDER}/keys`;
    const keys = await harness.admin<ListBody<ProviderKeyBody>>('GET', keysPath);
    expect(keys.body.data.find((key) => key.id === staleKeyId)?.status).toBe('disabled');
    const tested = await harness.admin<KeyTestBody>('POST', `${keysPath}/${primaryKeyId}/test`);
    expect(tested.body.ok).toBe(true);
    const testedStale = await harness.admin<KeyTestBody>('POST', `${keysPath}/${staleKeyId}/test`);
    expect(testedStale.body).toMatchObject({ ok: false, status: 401 });
    expect((await harness.admin('POST', `${keysPath}/${staleKeyId}/revoke`)).status).toBe(200);
    expect((await harness.admin('GET', `/admin/providers/${SIMULATED_PROVIDER}`)).status).toBe(200);
    expect((await harness.admin('GET', '/admin/providers')).status).toBe(200);
    expect((await harness.admin('GET', '/admin/audit')).status).toBe(200);
    expect((await harness.admin('GET', '/admin/tokens')).status).toBe(200);

    expect(harness.logs.some((line) => line.includes('refused by upstream'))).toBe(true);
    expect(await leaksOf([SECRET, STALE_SECRET], [primaryKeyId, staleKeyId])).toEqual([]);
  });

  it('rotates a key: the new secret is used from then on, the old one never again, and neither leaks', async () => {
    const rotated = await harness.admin<ProviderKeyBody>(
      'POST',
      `/admin/providers/${SIMULATED_PROVIDER}/keys/${primaryKeyId}/rotate`,
      { secret: ROTATED_SECRET },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: primaryKeyId, status: 'active', last4: ROTATED_SECRET.slice(-4) });
    expect(rotated.body.rotatedAt).not.toBeNull();
    await harness.switchboard.live.settled();

    // From now on the upstream accepts only the new secret: a gateway still holding the old one would get 401.
    harness.simulator.setBehaviour(SIMULATED_PROVIDER, { expectedKey: ROTATED_SECRET });
    harness.simulator.clearRequests(SIMULATED_PROVIDER);
    for (let index = 0; index < 3; index++) await chat();
    expect(harness.authorizationsSent()).toEqual(Array(3).fill(`Bearer ${ROTATED_SECRET}`));
    const keys = await harness.admin<ListBody<ProviderKeyBody>>('GET', `/admin/providers/${SIMULATED_PROVIDER}/keys`);
    expect(keys.body.data.find((key) => key.id === primaryKeyId)?.status).toBe('active');

    expect((await harness.admin('GET', '/admin/audit?target_type=provider_key')).status).toBe(200);
    expect(await leaksOf([SECRET, STALE_SECRET, ROTATED_SECRET], [primaryKeyId])).toEqual([]);
  });

  it('refuses base URLs that point inside the network or downgrade to plain http, on create and on update', async () => {
    const simulatorPort = new URL(harness.simulator.url).port;
    const refused = [
      'http://127.0.0.1/v1',
      'http://127.0.0.1:9/v1',
      'https://127.1/v1',
      'https://[::1]/v1',
      'https://localhost/v1',
      'http://169.254.169.254/latest/meta-data',
      'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://2852039166/',
      'https://0xa9fea9fe/',
      'https://0251.0376.0251.0376/',
      'https://10.0.0.1/v1',
      'https://192.168.1.20/v1',
      'https://[fd00::1]/v1',
      'https://metadata.google.internal/computeMetadata/v1',
      'http://example.com/v1',
      'https://user:password@api.example.com/v1',
      'file:///etc/passwd',
    ];
    const before = await harness.admin<ProviderBody>('GET', `/admin/providers/${SIMULATED_PROVIDER}`);
    for (const [index, baseUrl] of refused.entries()) {
      const id = `ssrf-${index}`;
      const create = await harness.admin<AdminErrorBody>('POST', '/admin/providers', {
        id,
        adapter: 'openai-compatible',
        baseUrl,
      });
      expect(create.status, `POST ${baseUrl}`).toBe(400);
      expect(create.body.error.message, baseUrl).toMatch(/^baseUrl:/);
      expect((await harness.admin('GET', `/admin/providers/${id}`)).status).toBe(404);

      const update = await harness.admin<AdminErrorBody>('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, { baseUrl });
      expect(update.status, `PATCH ${baseUrl}`).toBe(400);
      expect(update.body.error.message, baseUrl).toMatch(/^baseUrl:/);
    }
    // Keys go to a provider's Anthropic endpoint too, so it passes the same guard.
    for (const [index, anthropicBaseUrl] of refused.entries()) {
      const id = `ssrf-anthropic-${index}`;
      const create = await harness.admin<AdminErrorBody>('POST', '/admin/providers', {
        id,
        adapter: 'openai-compatible',
        baseUrl: 'https://api.example.com/v1',
        anthropicBaseUrl,
      });
      expect(create.status, `POST ${anthropicBaseUrl}`).toBe(400);
      expect(create.body.error.message, anthropicBaseUrl).toMatch(/^anthropicBaseUrl:/);
      expect((await harness.admin('GET', `/admin/providers/${id}`)).status).toBe(404);

      const update = await harness.admin<AdminErrorBody>('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, { anthropicBaseUrl });
      expect(update.status, `PATCH ${anthropicBaseUrl}`).toBe(400);
      expect(update.body.error.message, anthropicBaseUrl).toMatch(/^anthropicBaseUrl:/);
    }
    expect((await harness.admin('GET', `/admin/providers/${SIMULATED_PROVIDER}`)).body).toEqual(before.body);

    // The same guard lets through what it should: public https, and the one allowed host:port.
    const allowed = ['https://api.example.com/v1', `http://127.0.0.1:${simulatorPort}/p/other/v1`];
    for (const [index, baseUrl] of allowed.entries()) {
      const create = await harness.admin('POST', '/admin/providers', {
        id: `fine-${index}`,
        adapter: 'openai-compatible',
        baseUrl,
        anthropicBaseUrl: `${baseUrl}/anthropic`,
      });
      expect(create.status, `${baseUrl}: ${create.text}`).toBe(201);
    }
  });
});
