import { parseProviderArguments } from './parse-provider-argument';
import { startSimulator } from './start-simulator';

// `tsx apps/simulator/src/main.ts --provider deepseek:openai --provider claude:anthropic`
// Starts the simulator for demos and benchmarks; more providers can be added over /_control.
async function main(): Promise<void> {
  const providers = parseProviderArguments(process.argv.slice(2));
  const port = Number(process.env.SIMULATOR_PORT ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`SIMULATOR_PORT must be a port number, got '${process.env.SIMULATOR_PORT}'`);
  const simulator = await startSimulator({ port, host: process.env.SIMULATOR_HOST ?? '127.0.0.1' });
  console.log(`simulator listening on ${simulator.url} (control API at ${simulator.url}/_control)`);
  for (const { id, format } of providers) {
    const { baseUrl } = simulator.addProvider(id, format);
    console.log(`  ${id} (${format}): ${baseUrl}`);
  }
  const shutdown = (signal: string): void => {
    console.log(`simulator: ${signal}, shutting down`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
