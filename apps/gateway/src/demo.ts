import { startDemo } from './demo/start-demo';
import { gatewaySettingsFromEnvironment } from './settings/gateway-settings';

// `npm run demo`: the gateway in front of simulated providers; no keys needed.
try {
  const demo = await startDemo(gatewaySettingsFromEnvironment(), Number(process.env.SIMULATOR_PORT ?? 0));
  const url = demo.gateway.url;
  process.stdout.write(
    `\nSwitchboard demo is listening on ${url}\n` +
      `Providers deepseek, openai, anthropic and gemini are played by the simulator at ${demo.simulator.url}.\n\n` +
      `Try a streaming call:\n` +
      `  curl -N ${url}/v1/chat/completions -H 'content-type: application/json' \\\n` +
      `    -d '{"model":"deepseek-v4-flash","stream":true,"messages":[{"role":"user","content":"Hello"}]}'\n\n` +
      `Or with the openai SDK: new OpenAI({ baseURL: '${url}/v1', apiKey: 'unused' })\n` +
      `Models: curl ${url}/v1/models\n\n`,
  );
  const shutdown = async () => {
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`The Switchboard demo could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
