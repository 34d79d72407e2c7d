import { parseAllowedHosts } from '@switchboard/egress';
import { builtInCatalog, type Catalog, mergeCatalog } from '@switchboard/providers';
import { type SimulatedFormat, type Simulator, startSimulator } from '@switchboard/simulator';
import { type RunningGateway, startGateway } from '../app/start-gateway';
import { EnvironmentKeySource } from '../keys/environment-key-source';
import type { GatewaySettings } from '../settings/gateway-settings';

/** The demo's providers: real provider ids and models, each played by the simulator. */
const DEMO_PROVIDERS: {
  id: string;
  format: SimulatedFormat;
  adapter: Catalog['providers'][number]['adapter'];
  models: string[];
}[] = [
  { id: 'deepseek', format: 'openai', adapter: 'openai-compatible', models: ['deepseek-v4-flash', 'deepseek-v4-pro'] },
  { id: 'openai', format: 'openai', adapter: 'openai-compatible', models: ['gpt-4o-mini', 'text-embedding-3-small'] },
  { id: 'anthropic', format: 'anthropic', adapter: 'anthropic', models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] },
  { id: 'gemini', format: 'gemini', adapter: 'gemini', models: ['gemini-2.5-flash'] },
];

export interface RunningDemo {
  gateway: RunningGateway;
  simulator: Simulator;
  close(): Promise<void>;
}

/**
 * A gateway whose providers are all played by the simulator, so someone with no provider keys
 * can make real (streaming) calls through every adapter in their first minute.
 */
export async function startDemo(settings: GatewaySettings, simulatorPort = 0): Promise<RunningDemo> {
  const simulator = await startSimulator({ port: simulatorPort, host: '127.0.0.1' });
  const builtIn = new Map(builtInCatalog.providers.map((provider) => [provider.id, provider]));
  const providers = DEMO_PROVIDERS.map(({ id, format, adapter, models }) => {
    // Latencies like a real provider's, so streaming is visible.
    const { baseUrl } = simulator.addProvider(id, format, { latencyMs: 150, ttftMs: 120, chunkGapMs: 40, chunkCount: 12 });
    const known = builtIn.get(id)!.models;
    return {
      id,
      adapter,
      baseUrl,
      apiKeyEnv: 'SIMULATOR_API_KEY',
      models: models.map((modelId) => {
        const model = known.find((entry) => entry.id === modelId)!;
        return { id: model.id, kind: model.kind, price: model.price, contextWindow: model.contextWindow };
      }),
    };
  });
  const catalog = mergeCatalog(builtInCatalog, {
    builtInProviders: false,
    providers,
    aliases: { 'chat-default': ['deepseek/deepseek-v4-flash', 'anthropic/claude-haiku-4-5'] },
  });
  const gateway = await startGateway({
    // The simulator listens on loopback, which the egress guard refuses unless allowed.
    settings: { ...settings, egress: { allowedHosts: [...settings.egress.allowedHosts, ...parseAllowedHosts('127.0.0.1')] } },
    catalog,
    keys: new EnvironmentKeySource({ SIMULATOR_API_KEY: 'sk-simulator-demo-key' }),
  });
  return {
    gateway,
    simulator,
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}
