import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CatalogConfig } from '@switchboard/providers';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSwitchboard, startSwitchboard } from '../src/app/start-switchboard';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';

/**
 * README "Moving from the embedded database to Postgres": a gateway on PGlite serves and records
 * usage; `db:export` writes its database, `db:migrate` + `db:import` load it into Postgres, and a
 * gateway on Postgres given the same KEK (and no provider key in its environment) serves with the
 * migrated, still-sealed provider key and reports the same usage.
 */

const repositoryRoot = resolve(import.meta.dirname, '../../..');
const PROVIDER_SECRET = 'sk-acme-moved-with-the-database';
const REQUESTS = 4;
const silent = createLogger('warn', { write: () => true } as unknown as NodeJS.WritableStream);

let simulator: Simulator;
let directory: string;
let configPath: string;
let target: TestDatabase;

/** Runs a db CLI the way `npm run db:*` does, with exactly this environment added. */
function runDatabaseCli(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `packages/db/src/${script}`, ...args], {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (exitCode) => resolveRun({ exitCode, stdout, stderr }));
  });
}

async function usageTotals(switchboard: RunningSwitchboard, token: string, from: string, to: string): Promise<unknown> {
  const response = await fetch(
    `${switchboard.gateway.url}/admin/usage?granularity=total&groupBy=provider,model&from=${from}&to=${to}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(200);
  return response.json();
}

async function chat(switchboard: RunningSwitchboard, apiKey: string, index: number): Promise<number> {
  const response = await fetch(`${switchboard.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ model: 'acme/move-model', messages: [{ role: 'user', content: `Move ${'word '.repeat(index)}` }] }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  simulator = await startSimulator();
  const { baseUrl } = simulator.addProvider('acme', 'openai', { expectedKey: PROVIDER_SECRET });
  directory = await mkdtemp(join(tmpdir(), 'switchboard-database-move-'));
  configPath = join(directory, 'switchboard.json');
  const config: CatalogConfig = {
    builtInProviders: false,
    providers: [
      {
        id: 'acme',
        adapter: 'openai-compatible',
        baseUrl,
        apiKeyEnv: 'ACME_KEY',
        models: [{ id: 'move-model', price: { input: 3, output: 15 } }],
      },
    ],
  };
  await writeFile(configPath, JSON.stringify(config));
  target = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await target?.drop();
  await simulator?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('moving from the embedded database to Postgres', () => {
  it('exports PGlite, imports into Postgres, and the Postgres gateway serves with the sealed key and the same usage', async () => {
    const sourceDataDirectory = join(directory, 'source');
    // The embedded gateway: PGlite on its thread, its own KEK generated into DATA_DIR/vault-kek.
    const source = await startSwitchboard({
      settings: testSettings({ configPath, dataDirectory: sourceDataDirectory, logLevel: 'warn' }),
      env: { ACME_KEY: PROVIDER_SECRET },
      logger: silent,
    });
    const apiKey = source.firstApiKey!;
    const adminToken = source.bootstrapToken!;
    const from = new Date(Date.now() - 60_000).toISOString();
    for (let index = 0; index < REQUESTS; index++) expect(await chat(source, apiKey, index)).toBe(200);
    // close() flushes the usage batch into PGlite and closes it, as a stop before the export must.
    await source.close();
    const to = new Date(Date.now() + 60 * 60_000).toISOString();
    const kek = (await readFile(join(sourceDataDirectory, 'vault-kek'), 'utf8')).trim();

    // Read back what the source recorded, through its own admin API, so the comparison is the user's.
    const reopened = await startSwitchboard({
      settings: testSettings({ configPath, dataDirectory: sourceDataDirectory, logLevel: 'warn' }),
      env: {},
      logger: silent,
    });
    const sourceUsage = await usageTotals(reopened, adminToken, from, to);
    await reopened.close();
    expect(sourceUsage).toMatchObject({ totals: { requests: REQUESTS } });

    const file = join(directory, 'switchboard-export.ndjson');
    const exported = await runDatabaseCli('export-cli.ts', ['--out', file], { DATA_DIR: sourceDataDirectory });
    expect(exported.stderr).toBe('');
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain('provider keys are exported sealed: the target needs the same VAULT_KEK');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const exportText = await readFile(file, 'utf8');
    expect(exportText).not.toContain(PROVIDER_SECRET);
    // An existing file is never overwritten (nor removed by the failed run).
    const overwrite = await runDatabaseCli('export-cli.ts', ['--out', file], { DATA_DIR: sourceDataDirectory });
    expect(overwrite.exitCode).toBe(1);
    expect(overwrite.stderr).toContain('EEXIST');
    expect(await readFile(file, 'utf8')).toBe(exportText);

    // Not migrated yet: refused, naming the fix.
    const unmigrated = await runDatabaseCli('import-cli.ts', ['--in', file], { DATABASE_URL: target.url });
    expect(unmigrated.exitCode).toBe(1);
    expect(unmigrated.stderr).toContain('the target database is not migrated: run `npm run db:migrate`');
    expect((await runDatabaseCli('migrate-cli.ts', [], { DATABASE_URL: target.url })).exitCode).toBe(0);
    const imported = await runDatabaseCli('import-cli.ts', ['--in', file], { DATABASE_URL: target.url });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^postgres 127\.0\.0\.1:5432\/switchboard_test_\w+: imported \d+ rows of \d+ tables/);
    // A second import into the now non-empty target is refused.
    const again = await runDatabaseCli('import-cli.ts', ['--in', file], { DATABASE_URL: target.url });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('the target is not empty');

    // The Postgres gateway: the same KEK, no ACME_KEY, no new first key or bootstrap token needed.
    const moved = await startSwitchboard({
      settings: testSettings({ configPath, databaseUrl: target.url, dataDirectory: join(directory, 'target'), logLevel: 'warn' }),
      env: { VAULT_KEK: kek },
      logger: silent,
    });
    try {
      expect(moved.firstApiKey).toBeUndefined();
      expect(moved.bootstrapToken).toBeUndefined();
      expect(await usageTotals(moved, adminToken, from, to)).toEqual(sourceUsage);
      // The migrated API key and the migrated provider key (the simulator checks it) serve.
      expect(await chat(moved, apiKey, 99)).toBe(200);
      const upstream = simulator.requests('acme');
      expect(upstream).toHaveLength(REQUESTS + 1);
      expect(upstream.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
    } finally {
      await moved.close();
    }
  }, 180_000);
});
