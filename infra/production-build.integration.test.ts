import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, queryRows } from '@switchboard/db';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { createTestDatabase, freePort, redisUrl, type TestDatabase, uniqueRedisPrefix } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The production path end to end: `npm run build:prod` bundles the entries into dist/, plain
// `node dist/gateway.mjs` (no TypeScript loader) serves the simulator, and SIGTERM drains.
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

let simulator: Simulator;
let directory: string;
let gateway: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let testDatabase: TestDatabase | undefined;
let buildMilliseconds = 0;

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

beforeAll(async () => {
  simulator = await startSimulator();
  directory = await mkdtemp(join(tmpdir(), 'switchboard-prod-build-'));
  const started = performance.now();
  const build = await run(process.execPath, ['infra/build-production.mjs']);
  buildMilliseconds = performance.now() - started;
  if (build.code !== 0) throw new Error(`the production build failed:\n${build.output}`);
}, 60_000);

afterAll(async () => {
  for (const child of [gateway, worker]) if (child && child.exitCode === null) child.kill('SIGKILL');
  await simulator?.close();
  await testDatabase?.drop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** Resolves with the first match of `pattern` in everything the child printed so far or prints next. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the process exited (${code}) before printing ${pattern}:\n${seen}`)));
  });
}

describe('the production build', () => {
  it('bundles every entry quickly', () => {
    // esbuild takes well under a second here; the bound leaves room for a loaded CI machine.
    expect(buildMilliseconds).toBeLessThan(20_000);
  });

  it('starts embedded under plain node, serves a chat request, and drains on SIGTERM with its usage stored', async () => {
    // Streams slowly enough that SIGTERM arrives between the first and the last chunk.
    const { baseUrl } = simulator.addProvider('slow', 'openai', { chunkCount: 5, chunkGapMs: 250 });
    const configPath = join(directory, 'switchboard.json');
    await writeFile(
      configPath,
      JSON.stringify({
        builtInProviders: false,
        providers: [
          { id: 'slow', adapter: 'openai-compatible', baseUrl, apiKeyEnv: 'SLOW_API_KEY', models: [{ id: 'slow-model' }] },
        ],
      }),
    );
    const dataDirectory = join(directory, 'data');
    gateway = spawn(process.execPath, ['--enable-source-maps', join(repositoryRoot, 'dist/gateway.mjs')], {
      // Not the repository: the bundle must find migrations and the dashboard from its own path.
      cwd: directory,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATA_DIR: dataDirectory,
        SWITCHBOARD_CONFIG: configPath,
        SLOW_API_KEY: 'sk-slow',
        EGRESS_ALLOWED_HOSTS: '127.0.0.1',
        SHUTDOWN_GRACE_MS: '10000',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(gateway, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    // The banner names the address; this first start's gateway key is in the 0600 secrets file
    // (stdout is not a terminal here, so the key is not printed).
    const [, url] = await waitForOutput(gateway, /listening on (http:\/\/\S+)/);
    const secrets = await readFile(join(dataDirectory, 'first-start-secrets.txt'), 'utf8');
    const apiKey = /FIRST_GATEWAY_KEY=(sb_live_\S+)/.exec(secrets)?.[1];
    expect(apiKey).toBeDefined();

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const dashboard = await fetch(`${url}/dashboard/`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<div id="root">');

    const chat = (stream: boolean, requestId: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'x-request-id': requestId },
        body: JSON.stringify({ model: 'slow-model', stream, messages: [{ role: 'user', content: 'Hello' }] }),
      });
    const whole = await chat(false, 'req_prod_whole');
    expect(whole.status).toBe(200);
    expect(((await whole.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(5);

    const streaming = await chat(true, 'req_prod_draining');
    expect(streaming.status).toBe(200);
    const reader = streaming.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    // The first bytes are here, four chunks are still to come: stop the process now.
    gateway.kill('SIGTERM');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain('data: [DONE]');
    expect(text).toContain('Token 4.');

    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });

    // The usage of both requests reached the embedded database before the process ended.
    const database = await createDatabase({ dataDirectory: join(dataDirectory, 'pglite') });
    try {
      const rows = await queryRows<{ client_request_id: string; outcome: string; output_tokens: number }>(
        database.db,
        sql`select client_request_id, outcome, output_tokens from usage_events order by client_request_id`,
      );
      expect(rows).toEqual([
        { client_request_id: 'req_prod_draining', outcome: 'success', output_tokens: 5 },
        { client_request_id: 'req_prod_whole', outcome: 'success', output_tokens: 5 },
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('migrates Postgres with dist/migrate.mjs and runs dist/worker.mjs until SIGTERM, exit code 0', async () => {
    testDatabase = await createTestDatabase();
    const environment = { PATH: process.env.PATH, DATABASE_URL: testDatabase.url };
    const migrated = await run(process.execPath, [join(repositoryRoot, 'dist/migrate.mjs')], environment);
    expect(migrated.code).toBe(0);
    expect(migrated.output).toMatch(/applied \d+ migration\(s\)/);
    expect((await run(process.execPath, [join(repositoryRoot, 'dist/migrate.mjs')], environment)).output).toContain(
      'schema is up to date',
    );

    const port = await freePort();
    worker = spawn(process.execPath, [join(repositoryRoot, 'dist/worker.mjs')], {
      cwd: directory,
      env: {
        ...environment,
        REDIS_URL: redisUrl(),
        REDIS_PREFIX: uniqueRedisPrefix(),
        WORKER_PORT: String(port),
        LOG_LEVEL: 'info',
        INSTANCE_ID: 'worker-under-test',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(worker, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const [started] = await waitForOutput(worker, /\{[^\n]*"usage worker started"[^\n]*\}/);
    expect(JSON.parse(started)).toMatchObject({ instance: 'worker-under-test', pid: worker.pid });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_worker_batches_total 0$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+$/m);
    worker.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  }, 120_000);
});
