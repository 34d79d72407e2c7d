import { hostname } from 'node:os';
import pino from 'pino';
import { startUsageWorker } from './start-usage-worker';
import { workerSettingsFromEnvironment } from './worker-settings';

// `npm run worker`: one usage worker process; run as many as the load needs.
try {
  const settings = workerSettingsFromEnvironment();
  // Which instance wrote each line (INSTANCE_ID, else the pod's or container's host name), as the gateway does.
  const host = hostname();
  const logger = pino({ level: settings.logLevel, base: { instance: process.env.INSTANCE_ID || host, host, pid: process.pid } });
  const worker = await startUsageWorker(settings, logger);
  const shutdown = async () => {
    await worker.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`The usage worker could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
