import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateAdminToken } from '@switchboard/access';
import { parseAllowedHosts } from '@switchboard/egress';
import type { CatalogConfig } from '@switchboard/providers';
import { type SimulatedBehaviour, type Simulator, startSimulator } from '@switchboard/simulator';
import { createTestDatabase, redisUrl, type TestDatabase, uniqueRedisPrefix } from '@switchboard/testkit';
import { generateKek } from '@switchboard/vault';
import { type RunningSwitchboard, startSwitchboard } from '../src/app/start-switchboard';
import { createLogger } from '../src/logging/create-logger';
import type { GatewaySettings } from '../src/settings/gateway-settings';
import { testSettings } from './gateway-harness';

/** The provider the config file names, and the model it serves. */
export const SIMULATED_PROVIDER = 'sim';
export const SIMULATED_MODEL = 'sim-model';

export interface SwitchboardHarnessOptions {
  /** The simulator answers 401 to any other key (default: it accepts every key). */
  expectedKey?: string;
  /** Put this in SIM_API_KEY, so start imports it into the vault as the key `env:SIM_API_KEY`. */
  environmentKey?: string;
  /** Redis pub/sub as the change bus, under a fresh prefix (a joined instance takes its peer's). */
  redis?: boolean;
  /**
   * Allow only 127.0.0.1 on the simulator's port rather than all of 127.0.0.1, so an admin who
   * saves `http://127.0.0.1/` is still refused while the simulator stays reachable.
   */
  egressOnlySimulatorPort?: boolean;
  /**
   * Start a second instance on the peer's database, Redis prefix, simulator, vault KEK and admin
   * token (the other options come from the peer). Close it before the peer, which owns them.
   * Over Redis a change reaches an instance asynchronously: wait on behaviour, not `settled()`.
   */
  join?: SwitchboardHarness;
  /** More providers in the config file, each played by the simulator in OpenAI's format. */
  providers?: { id: string; models: string[] }[];
  /** The config file's `aliases` (exact names and `*` patterns). */
  aliases?: Record<string, string[]>;
  /** Gateway settings over the test defaults (a joined instance takes its own). */
  settings?: Partial<GatewaySettings>;
}

export interface AdminResponse<Body = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON; undefined for an empty body (204). */
  body: Body;
}

export interface ChatResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface SwitchboardHarness {
  switchboard: RunningSwitchboard;
  /** The gateway key `chat()` sends (the one the first start printed). */
  apiKey: string;
  simulator: Simulator;
  /** The gateway's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  adminToken: string;
  databaseUrl: string;
  /** The Redis key prefix the instances share (with `redis: true`), for a worker on the same queue. */
  redisPrefix: string | undefined;
  /** Where the config file and data directory live; removed on close. */
  directory: string;
  /** Every log line this instance wrote, raw. */
  logs: string[];
  /** Every admin response body this instance returned, raw, in order. */
  adminResponses: string[];
  /** `token` null sends no Authorization header; undefined uses the bootstrap admin token. */
  admin<Body = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ): Promise<AdminResponse<Body>>;
  chat(model?: string): Promise<ChatResponse>;
  /** The Authorization header of each request the simulated provider received, oldest first. */
  authorizationsSent(providerId?: string): string[];
  /** Adds an OpenAI-format provider to the simulator and to the catalog (through the admin API). */
  addSimulatedProvider(id: string, behaviour?: Partial<SimulatedBehaviour>): Promise<{ model: string }>;
  /** Adds a provider key through the admin API; returns its id. */
  addKey(providerId: string, name: string, secret: string): Promise<string>;
  close(): Promise<void>;
}

/** Resources the first instance creates and a joined instance borrows. */
interface SharedResources {
  simulator: Simulator;
  database: TestDatabase;
  directory: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  redisPrefix: string | undefined;
  egress: ReturnType<typeof parseAllowedHosts>;
  /** The first gateway key, created by the first instance's start and shared with joined ones. */
  apiKey?: string;
}

function extraProviderKeyEnv(providerId: string): string {
  return `${providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

const sharedResources = new WeakMap<SwitchboardHarness, SharedResources>();

async function createSharedResources(options: SwitchboardHarnessOptions): Promise<SharedResources> {
  const simulator = await startSimulator();
  const { baseUrl } = simulator.addProvider(
    SIMULATED_PROVIDER,
    'openai',
    options.expectedKey === undefined ? {} : { expectedKey: options.expectedKey },
  );
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-test-'));
  const config: CatalogConfig = {
    builtInProviders: false,
    providers: [
      {
        id: SIMULATED_PROVIDER,
        adapter: 'openai-compatible',
        baseUrl,
        apiKeyEnv: 'SIM_API_KEY',
        models: [{ id: SIMULATED_MODEL }],
      },
      ...(options.providers ?? []).map((provider) => ({
        id: provider.id,
        adapter: 'openai-compatible' as const,
        baseUrl: simulator.addProvider(provider.id, 'openai').baseUrl,
        apiKeyEnv: extraProviderKeyEnv(provider.id),
        models: provider.models.map((id) => ({ id })),
      })),
    ],
    ...(options.aliases ? { aliases: options.aliases } : {}),
  };
  const configPath = join(directory, 'switchboard.json');
  await writeFile(configPath, JSON.stringify(config));
  const env: NodeJS.ProcessEnv = { VAULT_KEK: generateKek(), ADMIN_TOKEN: generateAdminToken() };
  if (options.environmentKey !== undefined) env.SIM_API_KEY = options.environmentKey;
  // The extra providers' keys come from the environment, imported into the vault at start.
  for (const provider of options.providers ?? []) env[extraProviderKeyEnv(provider.id)] = `sk-${provider.id}-simulated`;
  const port = new URL(simulator.url).port;
  return {
    simulator,
    database: await createTestDatabase(),
    directory,
    configPath,
    env,
    redisPrefix: options.redis ? uniqueRedisPrefix() : undefined,
    egress: parseAllowedHosts(options.egressOnlySimulatorPort ? `127.0.0.1:${port}` : '127.0.0.1'),
  };
}

async function readAdminResponse<Body>(response: Response): Promise<AdminResponse<Body>> {
  const text = await response.text();
  // Tests name the body type they expect; the assertions on it are what check the shape.
  const body = (text === '' ? undefined : JSON.parse(text)) as Body;
  return { status: response.status, headers: response.headers, text, body };
}

/**
 * The whole product as `npm start` runs it (migrations on a fresh Postgres database, the vault,
 * seeding, the bootstrap admin token, the change bus, /v1 and /admin) in front of a simulator
 * playing one OpenAI-format provider `sim`.
 */
export async function startSwitchboardHarness(options: SwitchboardHarnessOptions = {}): Promise<SwitchboardHarness> {
  const owner = options.join === undefined;
  const shared = options.join ? sharedResources.get(options.join)! : await createSharedResources(options);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const settings = testSettings({
    databaseUrl: shared.database.url,
    configPath: shared.configPath,
    dataDirectory: join(shared.directory, 'data'),
    redisUrl: shared.redisPrefix === undefined ? undefined : redisUrl(),
    egress: { allowedHosts: shared.egress },
    ...options.settings,
  });
  let switchboard: RunningSwitchboard;
  try {
    switchboard = await startSwitchboard({
      settings,
      env: shared.env,
      logger: createLogger(settings.logLevel, sink),
      redisPrefix: shared.redisPrefix,
    });
  } catch (error) {
    if (owner) await releaseSharedResources(shared);
    throw error;
  }
  const url = switchboard.gateway.url;
  const adminToken = shared.env.ADMIN_TOKEN!;
  const adminResponses: string[] = [];

  shared.apiKey ??= switchboard.firstApiKey;
  const apiKey = shared.apiKey!;
  const harness: SwitchboardHarness = {
    switchboard,
    apiKey,
    simulator: shared.simulator,
    url,
    adminToken,
    databaseUrl: shared.database.url,
    redisPrefix: shared.redisPrefix,
    directory: shared.directory,
    logs,
    adminResponses,
    async admin<Body>(method: string, path: string, body?: unknown, token?: string | null) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token ?? adminToken}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const result = await readAdminResponse<Body>(response);
      adminResponses.push(result.text);
      return result;
    },
    async chat(model = SIMULATED_MODEL) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    authorizationsSent(providerId = SIMULATED_PROVIDER) {
      return shared.simulator.requests(providerId).map((request) => request.headers.authorization ?? '');
    },
    async addSimulatedProvider(id, behaviour = {}) {
      const { baseUrl } = shared.simulator.addProvider(id, 'openai', behaviour);
      const model = `${id}-model`;
      const created = await harness.admin('POST', '/admin/providers', {
        id,
        adapter: 'openai-compatible',
        baseUrl,
        models: [{ id: model }],
      });
      if (created.status !== 201) throw new Error(`adding provider ${id} failed: ${created.status} ${created.text}`);
      await switchboard.live.settled();
      return { model };
    },
    async addKey(providerId, name, secret) {
      const created = await harness.admin<{ id: string }>('POST', `/admin/providers/${providerId}/keys`, { name, secret });
      if (created.status !== 201) throw new Error(`adding key ${name} failed: ${created.status} ${created.text}`);
      await switchboard.live.settled();
      return created.body.id;
    },
    async close() {
      await switchboard.close();
      if (owner) await releaseSharedResources(shared);
    },
  };
  sharedResources.set(harness, shared);
  return harness;
}

async function releaseSharedResources(shared: SharedResources): Promise<void> {
  await shared.simulator.close();
  await shared.database.drop();
  await rm(shared.directory, { recursive: true, force: true });
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<Value>(check: () => Promise<Value | undefined>, timeoutMs = 3_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
