import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateAdminToken } from '@switchboard/access';
import { createLogger, gatewaySettingsFromEnvironment, type RunningSwitchboard, startSwitchboard } from '@switchboard/gateway';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { generateKek } from '@switchboard/vault';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';

/** The provider the gateway starts with (played by the simulator), its model and list prices (USD per 1M tokens). */
export const PROVIDER = 'sim';
export const MODEL = 'sim-model';
export const PRICE = { input: 3, output: 15 };

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const DASHBOARD_ROOT = new URL('../', import.meta.url);

/** `npm install` builds the dashboard; a checkout where that was skipped gets it built here rather than a 503 page. */
async function ensureDashboardBuilt(): Promise<void> {
  if (existsSync(new URL('dist/index.html', DASHBOARD_ROOT))) return;
  await build({ configFile: new URL('vite.config.ts', DASHBOARD_ROOT).pathname, logLevel: 'warn' });
}

export interface DashboardFixture {
  /** The gateway's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  adminToken: string;
  simulator: Simulator;
  switchboard: RunningSwitchboard;
  browser: Browser;
  logs: string[];
  /** The admin API with the bootstrap token, for setting up what a test does not do through the UI. */
  admin<Body>(method: string, path: string, body?: unknown): Promise<Body>;
  close(): Promise<void>;
}

/**
 * The product as `npm start` runs it with no DATABASE_URL or REDIS_URL (embedded PGlite, in
 * memory here; in-process limits, budgets and usage), its only provider played by the simulator
 * and holding no key yet, and a headless Chromium to drive the dashboard the gateway serves.
 */
export async function startDashboardFixture(): Promise<DashboardFixture> {
  await ensureDashboardBuilt();
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-dashboard-'));
  const simulator = await startSimulator();
  const { baseUrl } = simulator.addProvider(PROVIDER, 'openai');
  const configPath = join(directory, 'switchboard.json');
  await writeFile(
    configPath,
    JSON.stringify({
      builtInProviders: false,
      providers: [
        {
          id: PROVIDER,
          name: 'Simulated',
          adapter: 'openai-compatible',
          baseUrl,
          models: [{ id: MODEL, price: PRICE, contextWindow: 128_000 }],
        },
      ],
    }),
  );
  const adminToken = generateAdminToken();
  const env: NodeJS.ProcessEnv = {
    PORT: '0',
    SWITCHBOARD_CONFIG: configPath,
    DATA_DIR: join(directory, 'data'),
    EGRESS_ALLOWED_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'info',
    VAULT_KEK: generateKek(),
    ADMIN_TOKEN: adminToken,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const settings = gatewaySettingsFromEnvironment(env);
  let switchboard: RunningSwitchboard | undefined;
  let browser: Browser | undefined;
  try {
    switchboard = await startSwitchboard({ settings, env, logger: createLogger('info', sink), inMemoryDatabase: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (error) {
    await switchboard?.close();
    await simulator.close();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const url = switchboard.gateway.url;
  const running = switchboard;
  const launched = browser;
  return {
    url,
    adminToken,
    simulator,
    switchboard: running,
    browser: launched,
    logs,
    async admin<Body>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as Body;
    },
    async close() {
      await launched.close();
      await running.close();
      await simulator.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
