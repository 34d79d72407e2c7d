import { Writable } from 'node:stream';
import { parseAllowedHosts } from '@switchboard/egress';
import type { CatalogConfig, ModelCapabilities } from '@switchboard/providers';
import { builtInCatalog, mergeCatalog } from '@switchboard/providers';
import {
  type SimulatedBehaviour,
  type SimulatedFormat,
  type Simulator,
  startSimulator,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  testServiceAccountKey,
} from '@switchboard/simulator';
import { type RunningGateway, startGateway } from '../src/app/start-gateway';
import { EnvironmentKeySource } from '../src/keys/environment-key-source';
import { createLogger } from '../src/logging/create-logger';
import type { GatewaySettings } from '../src/settings/gateway-settings';

export const PROVIDER_SECRET = 'sk-provider-secret-do-not-leak-7f3a9c';

const ADAPTER_FOR_FORMAT = {
  openai: 'openai-compatible',
  anthropic: 'anthropic',
  gemini: 'gemini',
  'azure-openai': 'azure-openai',
  bedrock: 'bedrock',
  vertex: 'vertex',
} as const;

/**
 * The key a provider of this format is given, and what the simulator sees of it: Bedrock signs
 * with the simulator's test key pair (the key id is what a request presents); Vertex's key is
 * the test service account, whose token endpoint is the simulator's, and requests present tokens.
 */
function keyFor(format: SimulatedFormat, simulator: Simulator, id: string): { secret: string; expectedKey: string | undefined } {
  if (format === 'bedrock') return { secret: `${TEST_ACCESS_KEY_ID}:${TEST_SECRET_ACCESS_KEY}`, expectedKey: TEST_ACCESS_KEY_ID };
  if (format === 'vertex') return { secret: testServiceAccountKey(`${simulator.url}/p/${id}/token`), expectedKey: undefined };
  return { secret: PROVIDER_SECRET, expectedKey: PROVIDER_SECRET };
}

export interface HarnessProvider {
  id: string;
  format: SimulatedFormat;
  models: {
    id: string;
    kind?: 'chat' | 'embedding';
    upstream?: string;
    /** USD per 1M tokens; without one the catalog entry has no price (a local server's). */
    price?: { input: number; output: number; cachedInput?: number };
    contextWindow?: number;
    capabilities?: ModelCapabilities;
  }[];
  behaviour?: Partial<SimulatedBehaviour>;
  /** An OpenAI-format provider that serves the Responses API itself (native passthrough). */
  responsesApi?: boolean;
  /** Leave the provider without a key. */
  noKey?: boolean;
  /** An OpenAI-format provider that also serves the Messages format (DeepSeek's `/anthropic`). */
  anthropicEndpoint?: boolean;
  reasoningControl?: 'deepseek-thinking' | 'reasoning-effort';
}

export interface Harness {
  gateway: RunningGateway;
  simulator: Simulator;
  /** Every log line the gateway wrote, raw. */
  logs: string[];
  baseUrl: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export function testSettings(overrides: Partial<GatewaySettings> = {}): GatewaySettings {
  return {
    port: 0,
    host: '127.0.0.1',
    configPath: undefined,
    bodyLimitBytes: 10 * 1024 * 1024,
    timeouts: { connectMs: 2_000, firstByteMs: 5_000, idleMs: 5_000, totalMs: 20_000, requestMs: 30_000 },
    maxAttempts: 3,
    logLevel: 'debug',
    // The simulator listens on loopback, which the egress guard refuses unless allowed.
    egress: { allowedHosts: parseAllowedHosts('127.0.0.1') },
    dataDirectory: '.data-test-unused',
    databaseUrl: undefined,
    redisUrl: undefined,
    routingPolicy: 'balanced',
    routingDebug: true,
    circuitBreaker: { consecutiveFailures: 5, errorRateThreshold: 0.5, cooldownMs: 30_000 },
    ...overrides,
  };
}

/** A simulator playing the given providers and a gateway configured for exactly those. */
export async function startHarness(
  providers: HarnessProvider[],
  options: {
    settings?: Partial<GatewaySettings>;
    aliases?: Record<string, string[]>;
    extraProviders?: CatalogConfig['providers'];
    retirements?: CatalogConfig['retirements'];
  } = {},
): Promise<Harness> {
  const simulator = await startSimulator();
  const env: NodeJS.ProcessEnv = {};
  const config: CatalogConfig = {
    builtInProviders: false,
    providers: [
      ...providers.map((provider) => {
        const key = keyFor(provider.format, simulator, provider.id);
        const { baseUrl, anthropicBaseUrl } = simulator.addProvider(provider.id, provider.format, {
          expectedKey: key.expectedKey,
          ...provider.behaviour,
        });
        const apiKeyEnv = `${provider.id.toUpperCase().replaceAll('-', '_')}_KEY`;
        if (!provider.noKey) env[apiKeyEnv] = key.secret;
        return {
          id: provider.id,
          adapter: ADAPTER_FOR_FORMAT[provider.format],
          baseUrl,
          apiKeyEnv,
          // The simulator's URL names no region or location; the adapters need them.
          ...(provider.format === 'bedrock' ? { region: 'us-east-1' } : {}),
          ...(provider.format === 'vertex' ? { location: 'us-east5' } : {}),
          ...(provider.responsesApi === undefined ? {} : { responsesApi: provider.responsesApi }),
          ...(provider.anthropicEndpoint ? { anthropicBaseUrl } : {}),
          ...(provider.reasoningControl ? { reasoningControl: provider.reasoningControl } : {}),
          models: provider.models.map((model) => ({
            id: model.id,
            kind: model.kind ?? 'chat',
            upstream: model.upstream,
            price: model.price,
            contextWindow: model.contextWindow,
            capabilities: model.capabilities,
          })),
        };
      }),
      ...(options.extraProviders ?? []),
    ],
    aliases: options.aliases,
    retirements: options.retirements,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const settings = testSettings(options.settings);
  const gateway = await startGateway({
    settings,
    catalog: mergeCatalog(builtInCatalog, config),
    keys: new EnvironmentKeySource(env),
    logger: createLogger(settings.logLevel, sink),
  });
  return {
    gateway,
    simulator,
    logs,
    baseUrl: `${gateway.url}/v1`,
    post: (path, body, headers = {}) =>
      fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}
