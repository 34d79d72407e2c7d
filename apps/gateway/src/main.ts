import { firstStartNotice } from './app/first-start-notice';
import { startSwitchboard } from './app/start-switchboard';
import { gatewaySettingsFromEnvironment } from './settings/gateway-settings';

// `npm start`: the gateway with its database (PGlite under ./.data unless DATABASE_URL is set),
// the vault, the catalog (built-in + SWITCHBOARD_CONFIG) and the admin API.
try {
  const settings = gatewaySettingsFromEnvironment();
  const switchboard = await startSwitchboard({ settings });
  const { url, context } = switchboard.gateway;
  const keyed = context.catalog.catalog.providers.filter(
    (provider) => provider.enabled && !provider.keyOptional && context.keys.hasKey(provider),
  );
  let message =
    `\nSwitchboard is listening on ${url}\n` +
    `  OpenAI-compatible API: ${url}/v1   (point your SDK's baseURL here)\n` +
    `  Admin API:             ${url}/admin (OpenAPI at ${url}/admin/openapi.json)\n` +
    `  Database:              ${settings.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${settings.dataDirectory}`}\n` +
    `  Providers with a key:  ${keyed.map((provider) => provider.id).join(', ') || 'none yet: set DEEPSEEK_API_KEY (or add a key through the admin API) — or try `npm run demo`'}\n`;
  message += firstStartNotice(
    {
      url,
      firstApiKey: switchboard.firstApiKey,
      bootstrapToken: switchboard.bootstrapToken,
      secretsPath: switchboard.firstStartSecretsPath,
    },
    process.stdout.isTTY === true,
  );
  process.stdout.write(`${message}\n`);
  const shutdown = async () => {
    await switchboard.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`Switchboard could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
