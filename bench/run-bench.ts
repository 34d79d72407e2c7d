import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { generateAdminToken } from '@switchboard/access';
import { freePort } from '@switchboard/testkit';
import type { LoadResult } from './lib/load-result';
import { measureFirstByte } from './lib/measure-first-byte';
import { processCpuSeconds } from './lib/process-cpu';
import { runLoad } from './lib/run-load';
import { type Service, startService } from './lib/start-service';
import { writeBenchConfig } from './lib/write-bench-config';

// `npm run bench`: whole-response chat at 1 and 32 connections and streaming time to first
// byte, measured in the same run straight against the simulator, through a minimal Node proxy
// (the floor) and through the gateway (`npm start`'s full product: PGlite, vault, logging).
// Each runs as its own process; wrk (or autocannon) is the load generator. Besides requests/s and
// latency, it reports each process's CPU time per request, which other load on the machine
// does not distort.

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
// For quick A/B runs of one change: BENCH_ONLY=gateway measures only the gateway (no simulator
// or minimal proxy rows, no streaming), at BENCH_CONNECTIONS (default "1,32"), BENCH_REPEAT
// times each. BENCH_GATEWAY_NODE_OPTIONS passes flags to the gateway's Node (e.g. --cpu-prof).
const ONLY_GATEWAY = process.env.BENCH_ONLY === 'gateway';
// BENCH_ONLY=responses measures only the Responses surface rows (no stream figure), the same way.
const ONLY_RESPONSES = process.env.BENCH_ONLY === 'responses';
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,32').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
const GATEWAY_NODE_OPTIONS = (process.env.BENCH_GATEWAY_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
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
// The same conversation on the Anthropic Messages surface: translated to the OpenAI-format
// provider (bench-model), and native to the Anthropic-format one (bench-claude).
const messagesBody = JSON.stringify({
  model: 'bench-model',
  max_tokens: 256,
  system: 'You are a helpful assistant.',
  messages: [{ role: 'user', content: 'Say hello in five short pieces.' }],
  temperature: 0.2,
});
const nativeMessagesBody = JSON.stringify({ ...JSON.parse(messagesBody), model: 'bench-claude' });
const messagesStreamBody = JSON.stringify({ ...JSON.parse(messagesBody), stream: true });
// And on the Responses surface, translated to the same OpenAI-format provider; `store: false`
// keeps the stored-response write out of the figure (it happens after the answer in any case).
const responsesBody = JSON.stringify({
  model: 'bench-model',
  instructions: 'You are a helpful assistant.',
  input: 'Say hello in five short pieces.',
  temperature: 0.2,
  store: false,
});
const responsesStreamBody = JSON.stringify({ ...JSON.parse(responsesBody), stream: true });
// Stored: the same turn kept (sealed into PGlite) before its last bytes go out, and a next turn
// chaining a stored one by previous_response_id (a sealed read and a longer conversation upstream).
const storedResponsesBody = JSON.stringify({ ...JSON.parse(responsesBody), store: true });
function chainedResponsesBody(previousResponseId: string): string {
  return JSON.stringify({
    ...JSON.parse(storedResponsesBody),
    input: 'And five more.',
    previous_response_id: previousResponseId,
  });
}

interface Measured extends LoadResult {
  generator: string;
  cpuMicrosPerRequest: Record<string, number | null>;
}

async function measure(
  url: string,
  connections: number,
  services: Record<string, Service>,
  apiKey: string,
  body = chatBody,
): Promise<Measured> {
  const before = Object.fromEntries(
    Object.entries(services).map(([name, service]) => [name, processCpuSeconds(service.process.pid)]),
  );
  const result = await runLoad({ url, body, connections, durationSeconds: DURATION_SECONDS, apiKey });
  const cpuMicrosPerRequest: Record<string, number | null> = {};
  for (const [name, service] of Object.entries(services)) {
    const start = before[name];
    const end = processCpuSeconds(service.process.pid);
    cpuMicrosPerRequest[name] =
      start === undefined || end === undefined || result.requests === 0
        ? null
        : Math.round(((end - start) * 1e6) / result.requests);
  }
  return { ...result, cpuMicrosPerRequest };
}

function line(label: string, result: Measured, cpuOf: string): string {
  const cpu = result.cpuMicrosPerRequest[cpuOf];
  return `  ${label.padEnd(20)}${result.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(6)} ms   p99 ${result.p99
    .toFixed(2)
    .padStart(6)} ms   ${cpuOf} CPU ${cpu === null ? '?' : String(cpu).padStart(4)} µs/req   errors ${result.errors}`;
}

/**
 * The gateway runs as in production: every request authenticated with a gateway key that has
 * rate limits and a budget, all generous enough never to refuse, so their checks are paid for
 * without changing what is measured.
 */
async function applyLimits(gatewayUrl: string, adminToken: string): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const keys = (await (await fetch(`${gatewayUrl}/admin/api-keys`, { headers })).json()) as {
    data: { id: string; name: string }[];
  };
  const id = keys.data.find((key) => key.name === 'default')?.id;
  const response = await fetch(`${gatewayUrl}/admin/api-keys/${id}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({
      rpmLimit: 10_000_000,
      tpmLimit: 1_000_000_000,
      concurrencyLimit: 100_000,
      budgetUsd: 1_000_000,
      budgetPeriod: 'month',
    }),
  });
  if (response.status !== 200)
    throw new Error(`could not set the bench key's limits: ${response.status} ${await response.text()}`);
}

/** After a measurement with errors: what one request gets now, so the errors can be told apart. */
async function showOneAnswer(url: string, apiKey: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: chatBody,
  });
  console.log(`  one request now: ${response.status} ${(await response.text()).slice(0, 300)}`);
}

/**
 * The Responses surface, whole answers translated to the OpenAI-format provider: not stored
 * (`store: false`), stored, and chained on a stored response by `previous_response_id`.
 */
async function measureResponses(
  gatewayPort: number,
  services: Record<string, Service>,
  apiKey: string,
  connectionCounts: number[],
  repeat: number,
): Promise<Record<string, Measured>> {
  const viaResponses = `http://127.0.0.1:${gatewayPort}/v1/responses`;
  await runLoad({ url: viaResponses, body: responsesBody, connections: 8, durationSeconds: 2, apiKey });
  const first = await fetch(viaResponses, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: storedResponsesBody,
  });
  const stored = (await first.json()) as { id?: string };
  if (first.status !== 200 || !stored.id) throw new Error(`could not store a response to chain on: ${first.status}`);
  const cases = [
    ['translated (openai)', 'translated', responsesBody],
    ['stored (store: true)', 'stored', storedResponsesBody],
    ['chained (previous)', 'chained', chainedResponsesBody(stored.id)],
  ] as const;
  const results: Record<string, Measured> = {};
  for (const connections of connectionCounts) {
    console.log(`responses surface (/v1/responses), whole response, ${connections} connection(s)`);
    for (let round = 0; round < repeat; round++) {
      for (const [label, name, body] of cases) {
        const result = await measure(viaResponses, connections, services, apiKey, body);
        results[`${name}_c${connections}${repeat > 1 ? `_${round + 1}` : ''}`] = result;
        console.log(line(label, result, 'gateway'));
      }
    }
  }
  return results;
}

async function main(): Promise<void> {
  const [simulatorPort, gatewayPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const simulator = await startService(
    join(root, 'apps/simulator/src/main.ts'),
    ['--provider', 'bench:openai', '--provider', 'bench-anthropic:anthropic'],
    { SIMULATOR_PORT: String(simulatorPort) },
    /bench \(openai\)/,
  );
  const upstream = `http://127.0.0.1:${simulatorPort}/p/bench/v1`;
  const { scratch, configPath } = writeBenchConfig(
    upstream,
    'switchboard-bench-',
    `http://127.0.0.1:${simulatorPort}/p/bench-anthropic`,
  );
  const adminToken = generateAdminToken();
  const gateway = await startService(
    join(root, 'apps/gateway/src/main.ts'),
    [],
    {
      PORT: String(gatewayPort),
      SWITCHBOARD_CONFIG: configPath,
      BENCH_PROVIDER_KEY: 'sk-bench',
      DATA_DIR: join(scratch, 'data'),
      ADMIN_TOKEN: adminToken,
      EGRESS_ALLOWED_HOSTS: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    /listening on/,
    GATEWAY_NODE_OPTIONS,
  );
  const proxy = await startService(
    join(root, 'bench/lib/minimal-proxy.ts'),
    [],
    { PORT: String(proxyPort), UPSTREAM_URL: `${upstream}/chat/completions` },
    /minimal proxy listening/,
  );
  // The first start writes its key to a file beside the data, not to the log.
  const secrets = await readFile(join(scratch, 'data', 'first-start-secrets.txt'), 'utf8').catch(() => '');
  const apiKey = /sb_live_[0-9A-Za-z]+/.exec(gateway.startupOutput)?.[0] ?? /sb_live_[0-9A-Za-z]+/.exec(secrets)?.[0];
  if (!apiKey) throw new Error(`the gateway printed no first key:\n${gateway.startupOutput}`);
  await applyLimits(`http://127.0.0.1:${gatewayPort}`, adminToken);
  const direct = `${upstream}/chat/completions`;
  const viaProxy = `http://127.0.0.1:${proxyPort}/`;
  const viaGateway = `http://127.0.0.1:${gatewayPort}/v1/chat/completions`;
  const results: Record<string, unknown> = {};
  try {
    // Warm every process's JIT and connection pools.
    for (const url of ONLY_GATEWAY || ONLY_RESPONSES ? [viaGateway] : [viaGateway, viaProxy, direct])
      await runLoad({ url, body: chatBody, connections: 8, durationSeconds: 2, apiKey });
    if (ONLY_RESPONSES) {
      results.responses = await measureResponses(gatewayPort, { gateway, simulator }, apiKey, CONNECTIONS, REPEAT);
      return;
    }
    if (ONLY_GATEWAY) {
      for (const connections of CONNECTIONS)
        for (let round = 0; round < REPEAT; round++) {
          const result = await measure(viaGateway, connections, { gateway, simulator }, apiKey);
          console.log(line(`gateway c${connections}`, result, 'gateway'));
          if (result.errors > 0) await showOneAnswer(viaGateway, apiKey);
        }
      return;
    }
    for (const connections of [1, 32]) {
      const simulatorResult = await measure(direct, connections, { simulator }, apiKey);
      const proxyResult = await measure(viaProxy, connections, { proxy, simulator }, apiKey);
      const gatewayResult = await measure(viaGateway, connections, { gateway, simulator }, apiKey);
      results[`whole_c${connections}`] = { simulator: simulatorResult, minimalProxy: proxyResult, gateway: gatewayResult };
      console.log(`whole response, ${connections} connection(s) [${gatewayResult.generator}]`);
      console.log(line('simulator directly', simulatorResult, 'simulator'));
      console.log(line('minimal proxy', proxyResult, 'proxy'));
      console.log(line('through gateway', gatewayResult, 'gateway'));
      console.log(`  gateway adds        p50 ${(gatewayResult.p50 - simulatorResult.p50).toFixed(3)} ms over the simulator`);
    }
    const streamDirect = await measureFirstByte(direct, streamBody, 1000, apiKey);
    const streamGateway = await measureFirstByte(viaGateway, streamBody, 1000, apiKey);
    results.stream_first_byte = { simulator: streamDirect, gateway: streamGateway };
    console.log('stream, time to first byte, 1 connection, 1000 requests');
    console.log(`  simulator directly  p50 ${streamDirect.p50.toFixed(3)} ms   p99 ${streamDirect.p99.toFixed(3)} ms`);
    console.log(`  through gateway     p50 ${streamGateway.p50.toFixed(3)} ms   p99 ${streamGateway.p99.toFixed(3)} ms`);
    console.log(`  gateway adds        p50 ${(streamGateway.p50 - streamDirect.p50).toFixed(3)} ms`);

    // The Messages surface, whole answers at 32 connections and streams' first byte.
    const viaMessages = `http://127.0.0.1:${gatewayPort}/v1/messages`;
    await runLoad({ url: viaMessages, body: messagesBody, connections: 8, durationSeconds: 2, apiKey });
    const translated = await measure(viaMessages, 32, { gateway, simulator }, apiKey, messagesBody);
    const native = await measure(viaMessages, 32, { gateway, simulator }, apiKey, nativeMessagesBody);
    const messagesStream = await measureFirstByte(viaMessages, messagesStreamBody, 1000, apiKey);
    results.messages = { translated_c32: translated, native_c32: native, stream_first_byte: messagesStream };
    console.log(`messages surface (/v1/messages), whole response, 32 connections [${translated.generator}]`);
    console.log(line('translated (openai)', translated, 'gateway'));
    console.log(line('native (anthropic)', native, 'gateway'));
    console.log(
      `  stream first byte   p50 ${messagesStream.p50.toFixed(3)} ms   p99 ${messagesStream.p99.toFixed(3)} ms (translated)`,
    );

    // The Responses surface: the same two figures, and stored and chained turns.
    const responses = await measureResponses(gatewayPort, { gateway, simulator }, apiKey, [32], 1);
    const responsesStream = await measureFirstByte(
      `http://127.0.0.1:${gatewayPort}/v1/responses`,
      responsesStreamBody,
      1000,
      apiKey,
    );
    results.responses = { ...responses, stream_first_byte: responsesStream };
    console.log(
      `  stream first byte   p50 ${responsesStream.p50.toFixed(3)} ms   p99 ${responsesStream.p99.toFixed(3)} ms (translated)`,
    );
  } finally {
    await Promise.all([gateway.stop(), proxy.stop()]);
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
