import { startGateway } from './app/start-gateway';
import { gatewaySettingsFromEnvironment } from './settings/gateway-settings';
import { loadCatalog } from './settings/load-catalog';

// `npm start`: the gateway with the built-in catalog, the optional SWITCHBOARD_CONFIG file and
// provider keys from the environment.
try {
  const settings = gatewaySettingsFromEnvironment();
  const catalog = loadCatalog(settings.configPath);
  const gateway = await startGateway({ settings, catalog });
  const keyed = catalog.providers.filter((provider) => provider.enabled && gateway.context.keys.hasKey(provider));
  process.stdout.write(
    `\nSwitchboard is listening on ${gateway.url}\n` +
      `  OpenAI-compatible API: ${gateway.url}/v1   (point your SDK's baseURL here)\n` +
      `  Providers with a key:  ${keyed.map((provider) => provider.id).join(', ') || 'none yet: set DEEPSEEK_API_KEY (or another provider key) and restart, or try `npm run demo`'}\n\n`,
  );
  const shutdown = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`Switchboard could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
