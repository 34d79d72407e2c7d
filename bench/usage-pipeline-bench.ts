import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { generateAdminToken } from '@switchboard/access';
import { createTestDatabase, freePort, startRedisServer } from '@switchboard/testkit';
import { USAGE_QUEUE_NAME, usageQueueDepth, usageQueuePrefix } from '@switchboard/usage';
import { generateKek } from '@switchboard/vault';
import { Queue } from 'bullmq';
import postgres from 'postgres';
import { processCpuSeconds } from './lib/process-cpu';
import { runLoad } from './lib/run-load';
import { startService } from './lib/start-service';
import { writeBenchConfig } from './lib/write-bench-config';

// `npm run bench:usage`: does the usage pipeline keep up with the gateway at full speed?
// The gateway (PostgreSQL + Redis: the scale-out configuration), one usage worker process and the
// simulator each run as their own process; the load generator drives whole-response chat at 32
// connections for BENCH_USAGE_SECONDS (60) while the queue depth is sampled every second. After
// the load, it measures how long the worker needs to store the last event, and checks that the
// database holds exactly one event per request the gateway answered.

const DURATION_SECONDS = Number(process.env.BENCH_USAGE_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_USAGE_CONNECTIONS ?? 32);
const root = new URL('..', import.meta.url).pathname;
const prefix = 'bench:';

const chatBody = JSON.stringify({
  model: 'bench-model',
  messages: [{ role: 'user', content: 'Say hello in five short pieces.' }],
});

async function main(): Promise<void> {
  const testDatabase = await createTestDatabase();
  const redis = await startRedisServer({ appendFsync: 'everysec' });
  const sql = postgres(testDatabase.url, { max: 1, onnotice: () => {} });
  const [simulatorPort, gatewayPort] = [await freePort(), await freePort()];
  const simulator = await startService(
    join(root, 'apps/simulator/src/main.ts'),
    ['--provider', 'bench:openai'],
    { SIMULATOR_PORT: String(simulatorPort) },
    /bench \(openai\)/,
  );
  const { scratch, configPath } = writeBenchConfig(`http://127.0.0.1:${simulatorPort}/p/bench/v1`, 'switchboard-usage-bench-');
  const shared = {
    DATABASE_URL: testDatabase.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    VAULT_KEK: generateKek(),
    LOG_LEVEL: 'warn',
  };
  const gateway = await startService(
    join(root, 'apps/gateway/src/main.ts'),
    [],
    {
      ...shared,
      PORT: String(gatewayPort),
      SWITCHBOARD_CONFIG: configPath,
      BENCH_PROVIDER_KEY: 'sk-bench',
      DATA_DIR: join(scratch, 'data'),
      ADMIN_TOKEN: generateAdminToken(),
      EGRESS_ALLOWED_HOSTS: '127.0.0.1',
    },
    /listening on/,
  );
  const worker = await startService(
    join(root, 'apps/worker/src/main.ts'),
    [],
    { ...shared, LOG_LEVEL: 'info' },
    /usage worker started/,
  );
  const apiKey = /sb_live_[0-9A-Za-z]+/.exec(gateway.startupOutput)?.[0];
  if (!apiKey) throw new Error(`the gateway printed no first key:\n${gateway.startupOutput}`);
  const queue = new Queue(USAGE_QUEUE_NAME, {
    connection: { host: '127.0.0.1', port: redis.port },
    prefix: usageQueuePrefix(prefix),
  });
  const stored = async () => Number((await sql`select count(*)::int as count from usage_events`)[0]!.count);
  const url = `http://127.0.0.1:${gatewayPort}/v1/chat/completions`;
  try {
    await runLoad({ url, body: chatBody, connections: 8, durationSeconds: 3, apiKey });
    const samples: { second: number; jobs: number }[] = [];
    const workerCpuBefore = processCpuSeconds(worker.process.pid) ?? 0;
    const gatewayCpuBefore = processCpuSeconds(gateway.process.pid) ?? 0;
    const storedBefore = await stored();
    const started = Date.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        samples.push({ second: Math.round((Date.now() - started) / 1000), jobs: await usageQueueDepth(queue) });
      }
    })();
    const load = await runLoad({ url, body: chatBody, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, apiKey });
    sampling = false;
    await sampler;
    const loadEnded = Date.now();
    // Everything the gateway answered (warm-up included) must end up stored exactly once.
    const answered = await fetchRequestCount(`http://127.0.0.1:${gatewayPort}/metrics`);
    while ((await stored()) < answered && Date.now() - loadEnded < 120_000)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const drainMs = Date.now() - loadEnded;
    const storedTotal = await stored();
    const workerCpu = (processCpuSeconds(worker.process.pid) ?? 0) - workerCpuBefore;
    const gatewayCpu = (processCpuSeconds(gateway.process.pid) ?? 0) - gatewayCpuBefore;
    const ingested = storedTotal - storedBefore;
    const outcomes = Object.fromEntries(
      (await sql`select outcome, count(*)::int as count from usage_events group by outcome`).map((row) => [
        row.outcome,
        row.count,
      ]),
    );
    const maxJobs = Math.max(...samples.map((sample) => sample.jobs));
    const summary = {
      generator: load.generator,
      durationSeconds: DURATION_SECONDS,
      connections: CONNECTIONS,
      requestsPerSecond: Math.round(load.requestsPerSecond),
      requests: load.requests,
      errors: load.errors,
      answeredByGateway: answered,
      eventsStored: storedTotal,
      outcomes,
      queueDepthJobs: { max: maxJobs, last: samples.at(-1)?.jobs ?? 0, samples: samples.map((sample) => sample.jobs) },
      drainAfterLoadMs: drainMs,
      workerCpuMicrosPerEvent: ingested > 0 ? Math.round((workerCpu * 1e6) / ingested) : null,
      gatewayCpuMicrosPerRequest: load.requests > 0 ? Math.round((gatewayCpu * 1e6) / load.requests) : null,
    };
    console.log(`usage pipeline, ${DURATION_SECONDS} s at ${CONNECTIONS} connections [${load.generator}]`);
    console.log(
      `  gateway            ${summary.requestsPerSecond} req/s, ${load.requests} requests, ${load.errors} errors, ${summary.gatewayCpuMicrosPerRequest} µs CPU/req`,
    );
    console.log(
      `  queue depth (jobs) max ${maxJobs}, at the end ${summary.queueDepthJobs.last}; per second: ${summary.queueDepthJobs.samples.join(' ')}`,
    );
    console.log(
      `  worker             ${summary.workerCpuMicrosPerEvent} µs CPU per event; last event stored ${drainMs} ms after the load ended`,
    );
    console.log(
      `  events stored      ${storedTotal} of ${answered} requests the gateway answered${storedTotal === answered ? ' (exactly one each)' : ' (MISMATCH)'}`,
    );
    console.log(`  outcomes           ${JSON.stringify(outcomes)}`);
    mkdirSync(join(root, 'bench/.out'), { recursive: true });
    const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
    writeFileSync(
      join(root, 'bench/.out/usage-pipeline.json'),
      JSON.stringify({ date: new Date().toISOString(), machine, summary }, null, 2),
    );
    if (storedTotal !== answered) process.exitCode = 1;
  } finally {
    await queue.close();
    await Promise.all([gateway.stop(), worker.stop()]);
    await simulator.stop();
    await sql.end();
    await redis.dispose();
    await testDatabase.drop();
  }
}

/** Proxied requests the gateway answered, from its own /metrics counter. */
async function fetchRequestCount(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('switchboard_requests_total{') && line.includes('route="chat.completions"'))
      total += Number(line.split(' ').at(-1));
  }
  return total;
}

await main();
