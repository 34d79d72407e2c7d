import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAdminToken } from '@switchboard/access';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { generateKek } from '@switchboard/vault';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSwitchboard, startSwitchboard } from '../src/app/start-switchboard';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';
import { eventually } from './switchboard-harness';

// DESIGN.md contract 5 on real Postgres: the file owns the fields it names, per field; the rest
// belongs to the database and survives restarts; a start that changes a file-owned field audits
// it as `config-file` and tells the running instances through the change feed.
describe('config-file ownership', () => {
  let database: TestDatabase;
  let directory: string;
  let configPath: string;
  const adminToken = generateAdminToken();
  const env = { VAULT_KEK: generateKek(), ADMIN_TOKEN: adminToken };
  const running: RunningSwitchboard[] = [];

  async function writeConfig(provider: Record<string, unknown>): Promise<void> {
    await writeFile(
      configPath,
      JSON.stringify({
        providers: [
          {
            id: 'local-llm',
            adapter: 'openai-compatible',
            models: [{ id: 'house-model', price: { input: 0.5, output: 1 } }],
            ...provider,
          },
        ],
      }),
    );
  }

  async function start(): Promise<RunningSwitchboard> {
    const switchboard = await startSwitchboard({
      settings: testSettings({
        databaseUrl: database.url,
        configPath,
        dataDirectory: join(directory, 'data'),
        logLevel: 'silent',
      }),
      env,
      logger: createLogger('silent'),
    });
    running.push(switchboard);
    return switchboard;
  }

  async function admin(switchboard: RunningSwitchboard, method: string, path: string, body?: unknown) {
    const response = await fetch(`${switchboard.gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
  }

  async function rows<Row>(query: string): Promise<Row[]> {
    const sql = postgres(database.url, { max: 1 });
    try {
      return (await sql.unsafe(query)) as unknown as Row[];
    } finally {
      await sql.end();
    }
  }

  const fileAudits = () =>
    rows<{ details: { source: string; fields: Record<string, { from: unknown; to: unknown }> } }>(
      `select details from audit_log where actor = 'config-file' and target_id = 'local-llm' order by id`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    directory = await mkdtemp(join(tmpdir(), 'switchboard-ownership-'));
    configPath = join(directory, 'switchboard.json');
    await writeConfig({ baseUrl: 'https://one.internal.example.com/v1', headers: { 'x-team': 'team-secret-one' } });
  });
  afterAll(async () => {
    for (const switchboard of running) await switchboard.close();
    await database?.drop();
  });

  it('keeps database fields across starts, refuses edits of file fields, audits and propagates file changes', async () => {
    const first = await start();
    const shown = await admin(first, 'GET', '/admin/providers/local-llm');
    expect(shown.body.fileOwnedFields).toEqual(['adapter', 'baseUrl', 'headers', 'models/house-model/price']);

    // `enabled` is not in the file: the database's, so the admin may change it.
    const disabled = await admin(first, 'PATCH', '/admin/providers/local-llm', { enabled: false });
    expect(disabled.status, disabled.text).toBe(200);

    // A file-named field: refused, naming the file and the field.
    const moved = await admin(first, 'PATCH', '/admin/providers/local-llm', { baseUrl: 'https://elsewhere.example.com/v1' });
    expect(moved.status, moved.text).toBe(409);
    expect(moved.body.error.code).toBe('owned_by_config_file');
    expect(moved.body.error.message).toContain(configPath);
    expect(moved.body.error.message).toContain('baseUrl');
    const deleted = await admin(first, 'DELETE', '/admin/providers/local-llm');
    expect(deleted.status, deleted.text).toBe(409);
    // Sending a file-owned field unchanged (a dashboard saving its whole form) is no edit.
    const unchanged = await admin(first, 'PATCH', '/admin/providers/local-llm', {
      baseUrl: 'https://one.internal.example.com/v1',
      name: 'House LLM',
    });
    expect(unchanged.status, unchanged.text).toBe(200);

    // A start with the same file changes nothing: no audit row, and `enabled: false` survives.
    await (await start()).close();
    running.pop();
    expect(await fileAudits()).toHaveLength(0);
    expect((await rows<{ enabled: boolean }>(`select enabled from providers where id = 'local-llm'`))[0]!.enabled).toBe(false);

    // The file changes and another instance starts on the same database (a rolling restart).
    await writeConfig({ baseUrl: 'https://two.internal.example.com/v1', headers: { 'x-team': 'team-secret-two' } });
    const second = await start();
    const [provider] = await rows<{ enabled: boolean; name: string; base_url: string }>(
      `select enabled, name, base_url from providers where id = 'local-llm'`,
    );
    expect(provider).toEqual({ enabled: false, name: 'House LLM', base_url: 'https://two.internal.example.com/v1' });
    const audits = await fileAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details.source).toBe(configPath);
    expect(audits[0]!.details.fields).toEqual({
      baseUrl: { from: 'https://one.internal.example.com/v1', to: 'https://two.internal.example.com/v1' },
      headers: { from: { 'x-team': '***' }, to: { 'x-team': '***' } },
    });
    expect(JSON.stringify(audits)).not.toContain('team-secret');
    // The instance that did not restart follows through the change feed instead of splitting.
    await eventually(async () =>
      first.gateway.context.catalog.provider('local-llm')?.baseUrl === 'https://two.internal.example.com/v1' ? true : undefined,
    );
    expect(first.gateway.context.catalog.provider('local-llm')).toMatchObject({ enabled: false, name: 'House LLM' });
    expect(second.gateway.context.catalog.provider('local-llm')?.headers).toEqual({ 'x-team': 'team-secret-two' });

    // `headers` leaves the file: the database's now, with its last value, and editable.
    await writeConfig({ baseUrl: 'https://two.internal.example.com/v1' });
    const third = await start();
    expect((await fileAudits()).length).toBe(1);
    const released = await admin(third, 'GET', '/admin/providers/local-llm');
    expect(released.body.fileOwnedFields).toEqual(['adapter', 'baseUrl', 'models/house-model/price']);
    expect(third.gateway.context.catalog.provider('local-llm')?.headers).toEqual({ 'x-team': 'team-secret-two' });
    const edited = await admin(third, 'PATCH', '/admin/providers/local-llm', { headers: { 'x-team': 'team-secret-three' } });
    expect(edited.status, edited.text).toBe(200);
  });
});
