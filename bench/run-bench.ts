import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureFirstByte } from './lib/measure-first-byte';
import { runLoad } from './lib/run-load';
import type { LoadResult } from './lib/load-result';
import { freePort, startService } from './lib/start-service';

// `npm run bench`: whole-response chat at 1 and 32 connections and streaming time to first
// byte, each measured straight against the simulator and through the gateway in the same run.
// The simulator, the gateway and the load generator run as separate processes.

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const root = new URL('..', import.meta.url).pathname;

const chatBody = JSON.stringify({
  model: 'bench-model',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Say hello in five short pieces.' },
  ],
  temperature: 0.2,
});
const streamBody = JSON.stringify({ ...JSON.parse(chatBody), stream: true });

function format(result: LoadResult): string {
  return `${result.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(6)} ms   p99 ${result.p99
    .toFixed(2)
    .padStart(6)} ms   errors ${result.errors}`;
}

async function main(): Promise<void> {
  const simulatorPort = await freePort();
  const gatewayPort = await freePort();
  const simulator = await startService(
    join(root, 'apps/simulator/src/main.ts'),
    ['--provider', 'bench:openai'],
    { SIMULATOR_PORT: String(simulatorPort) },
    /bench \(openai\)/,
  );
  const configPath = join(tmpdir(), `switchboard-bench-${process.pid}.json`);
  const upstream = `http://127.0.0.1:${simulatorPort}/p/bench/v1`;
  writeFileSync(
    configPath,
    JSON.stringify({
      builtInProviders: false,
      providers: [
        {
          id: 'bench',
          adapter: 'openai-compatible',
          baseUrl: upstream,
          apiKeyEnv: 'BENCH_PROVIDER_KEY',
          models: [{ id: 'bench-model', price: { input: 0.14, output: 0.28 } }],
        },
      ],
    }),
  );
  const gateway = await startService(
    join(root, 'apps/gateway/src/main.ts'),
    [],
    {
      PORT: String(gatewayPort),
      SWITCHBOARD_CONFIG: configPath,
      BENCH_PROVIDER_KEY: 'sk-bench',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    /listening on/,
  );
  const direct = `${upstream}/chat/completions`;
  const viaGateway = `http://127.0.0.1:${gatewayPort}/v1/chat/completions`;
  const results: Record<string, unknown> = {};
  try {
    // Warm both processes' JIT and connection pools.
    await runLoad({ url: viaGateway, body: chatBody, connections: 8, durationSeconds: 3 });
    await runLoad({ url: direct, body: chatBody, connections: 8, durationSeconds: 2 });
    for (const connections of [1, 32]) {
      const simulatorResult = await runLoad({ url: direct, body: chatBody, connections, durationSeconds: DURATION_SECONDS });
      const gatewayResult = await runLoad({ url: viaGateway, body: chatBody, connections, durationSeconds: DURATION_SECONDS });
      results[`whole_c${connections}`] = { simulator: simulatorResult, gateway: gatewayResult };
      console.log(`whole response, ${connections} connection(s) [${gatewayResult.generator}]`);
      console.log(`  simulator directly  ${format(simulatorResult)}`);
      console.log(`  through gateway     ${format(gatewayResult)}`);
      console.log(`  gateway adds        p50 ${(gatewayResult.p50 - simulatorResult.p50).toFixed(3)} ms`);
    }
    const streamDirect = await measureFirstByte(direct, streamBody, 1000);
    const streamGateway = await measureFirstByte(viaGateway, streamBody, 1000);
    results.stream_first_byte = { simulator: streamDirect, gateway: streamGateway };
    console.log('stream, time to first byte, 1 connection, 1000 requests');
    console.log(`  simulator directly  p50 ${streamDirect.p50.toFixed(3)} ms   p99 ${streamDirect.p99.toFixed(3)} ms`);
    console.log(`  through gateway     p50 ${streamGateway.p50.toFixed(3)} ms   p99 ${streamGateway.p99.toFixed(3)} ms`);
    console.log(`  gateway adds        p50 ${(streamGateway.p50 - streamDirect.p50).toFixed(3)} ms`);
  } finally {
    await gateway.stop();
    await simulator.stop();
  }
  mkdirSync(join(root, 'bench/.out'), { recursive: true });
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  writeFileSync(
    join(root, 'bench/.out/latest.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, durationSeconds: DURATION_SECONDS, results }, null, 2),
  );
  console.log(`\nmachine: ${machine}; raw figures in bench/.out/latest.json`);
}

await main();
