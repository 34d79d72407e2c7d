import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, queryRows } from '@switchboard/db';
import { parseAllowedHosts } from '@switchboard/egress';
import type { CatalogConfig } from '@switchboard/providers';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { generateKek } from '@switchboard/vault';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchboard } from '../src/app/start-switchboard';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';

let simulator: Simulator;
let testDatabase: TestDatabase;
let directory: string;

beforeAll(async () => {
  simulator = await startSimulator();
  testDatabase = await createTestDatabase();
  directory = await mkdtemp(join(tmpdir(), 'switchboard-shutdown-'));
});
afterAll(async () => {
  await simulator?.close();
  await testDatabase?.drop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('shutdown', () => {
  it('lets a running request finish and stores its usage before it stops', async () => {
    // Slow enough that close() starts while the request is still waiting for its answer.
    const { baseUrl } = simulator.addProvider('slow', 'openai', { latencyMs: 400 });
    const configPath = join(directory, 'switchboard.json');
    const config: CatalogConfig = {
      builtInProviders: false,
      providers: [
        { id: 'slow', adapter: 'openai-compatible', baseUrl, apiKeyEnv: 'SLOW_API_KEY', models: [{ id: 'slow-model' }] },
      ],
    };
    await writeFile(configPath, JSON.stringify(config));
    const switchboard = await startSwitchboard({
      settings: testSettings({
        databaseUrl: testDatabase.url,
        configPath,
        dataDirectory: join(directory, 'data'),
        egress: { allowedHosts: parseAllowedHosts('127.0.0.1') },
        shutdownGraceMs: 5_000,
      }),
      env: { VAULT_KEK: generateKek(), SLOW_API_KEY: 'sk-slow' },
      logger: createLogger('silent'),
    });
    const call = (requestId: string) =>
      fetch(`${switchboard.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${switchboard.firstApiKey}`,
          'x-request-id': requestId,
        },
        body: JSON.stringify({ model: 'slow-model', messages: [{ role: 'user', content: 'Hello' }] }),
      });
    const inFlight = call('req_shutdown_running');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closing = switchboard.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(5);
    await closing;

    const database = await createDatabase({ url: testDatabase.url, maxConnections: 1 });
    try {
      const rows = await queryRows<{ request_id: string; client_request_id: string; outcome: string; output_tokens: number }>(
        database.db,
        sql`select request_id, client_request_id, outcome, output_tokens from usage_events`,
      );
      expect(rows).toEqual([
        {
          request_id: response.headers.get('x-request-id'),
          client_request_id: 'req_shutdown_running',
          outcome: 'success',
          output_tokens: 5,
        },
      ]);
    } finally {
      await database.close();
    }
  });
});
