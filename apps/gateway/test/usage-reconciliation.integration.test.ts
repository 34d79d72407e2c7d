import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createDatabase, type DatabaseHandle, queryRows } from '@switchboard/db';
import { parseAllowedHosts } from '@switchboard/egress';
import type { CatalogConfig } from '@switchboard/providers';
import type { RecordedRequest } from '@switchboard/simulator';
import { type Simulator, startSimulator } from '@switchboard/simulator';
import { createTestDatabase, type RedisServer, startRedisServer, type TestDatabase } from '@switchboard/testkit';
import { generateKek } from '@switchboard/vault';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSwitchboard, startSwitchboard } from '../src/app/start-switchboard';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';

/**
 * The usage pipeline's end-to-end reconciliation: a few thousand requests to OpenAI-, Anthropic-
 * and Gemini-format providers (whole answers, streams with and without include_usage, fallbacks,
 * upstream errors, cut streams, client aborts) through the gateway in front of the simulator, with BullMQ workers as separate processes, one of them
 * killed (SIGKILL, mid-batch) and not restarted, so the surviving worker takes over its stalled jobs
 * and drains the queue alone, and Redis stopped and restarted once mid-run. Then every request is
 * checked against what the simulator says it sent, and the events and rollups against the count sent.
 */

const REQUESTS = Number(process.env.RECONCILIATION_REQUESTS ?? 2_400);
const CONCURRENCY = 12;
const MODEL = 'recon-model';
// USD per 1M tokens = micro-dollars per token.
const PRICES: Record<string, { input: number; cachedInput?: number; output: number }> = {
  alpha: { input: 0.14, cachedInput: 0.028, output: 0.28 },
  beta: { input: 3, output: 15 },
  gamma: { input: 1.25, output: 10 },
  cutter: { input: 0.5, output: 1.5 },
  delta: { input: 2, output: 8 },
  claude: { input: 3, cachedInput: 0.3, output: 15 },
  gem: { input: 0.3, output: 2.5 },
};
/** Providers that answer whole and streamed requests, in every wire format the simulator plays. */
const SERVING = ['alpha', 'beta', 'claude', 'gem'];
const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** Independent of the gateway's code: integer micro-dollars per million tokens, rounded half up once. */
function expectedCostMicros(provider: string, input: number, cached: number, output: number): number {
  const price = PRICES[provider]!;
  const perMillion = (usd: number) => Math.round(usd * 1_000_000);
  const numerator =
    (input - cached) * perMillion(price.input) +
    cached * perMillion(price.cachedInput ?? price.input) +
    output * perMillion(price.output);
  return Math.floor((numerator * 2 + 1_000_000) / 2_000_000);
}

type Kind = 'whole' | 'stream' | 'stream-usage' | 'fallback' | 'error' | 'cut' | 'abort';
const KINDS: Kind[] = ['whole', 'whole', 'stream', 'stream-usage', 'fallback', 'error', 'cut', 'abort'];

interface Sent {
  requestId: string;
  kind: Kind;
  status: number | string;
}

let redis: RedisServer;
let simulator: Simulator;
let testDatabase: TestDatabase;
let database: DatabaseHandle;
let switchboard: RunningSwitchboard;
let apiKey: string;
let directory: string;
const workers: ChildProcess[] = [];
const gatewayLogs: string[] = [];
const prefix = 'recon:';

/** Postgres application_name of the worker that gets killed; a trigger holds its batches (below). */
const DOOMED_WORKER = 'doomed-usage-worker';

function startWorker(extraEnvironment: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      ...extraEnvironment,
      DATABASE_URL: testDatabase.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_CONCURRENCY: '2',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

async function send(index: number): Promise<Sent> {
  const kind = KINDS[index % KINDS.length]!;
  const requestId = `req_recon_${index.toString().padStart(5, '0')}`;
  const model =
    kind === 'fallback'
      ? 'recon-fallback'
      : kind === 'error'
        ? `gamma/${MODEL}`
        : kind === 'cut'
          ? 'recon-cut'
          : kind === 'abort'
            ? `beta/${MODEL}`
            : `${SERVING[Math.floor(index / KINDS.length) % SERVING.length]}/${MODEL}`;
  const stream = kind !== 'whole' && kind !== 'fallback' && kind !== 'error' ? true : index % 2 === 0;
  const body: Record<string, unknown> = {
    model,
    stream,
    // Prompts of different lengths, so token counts differ request by request.
    messages: [{ role: 'user', content: `Reconcile ${'word '.repeat(index % 37)}${index}` }],
  };
  if (kind === 'stream-usage') body.stream_options = { include_usage: true };
  const controller = new AbortController();
  try {
    const response = await fetch(`${switchboard.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'x-request-id': requestId },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (kind === 'abort' && response.body) {
      const reader = response.body.getReader();
      await reader.read();
      controller.abort();
      return { requestId, kind, status: 'aborted' };
    }
    const text = await response.text();
    const status = response.status;
    return { requestId, kind, status: status >= 500 && !stream ? `${status} ${text.slice(0, 160)}` : status };
  } catch {
    return { requestId, kind, status: controller.signal.aborted ? 'aborted' : 'failed' };
  }
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  describeState: () => Promise<string> = async () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${await describeState()}`);
    await new Promise((resolvePause) => setTimeout(resolvePause, 100));
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
  simulator = await startSimulator({ recordLimit: 10_000 });
  const providers: CatalogConfig['providers'] = [];
  for (const [id, behaviour] of [
    ['alpha', { cachedInputTokens: 2 }],
    ['beta', { chunkCount: 8, chunkGapMs: 2 }],
    // A client error from the provider: passed on, not held against it (its circuit stays closed).
    ['gamma', { errorStatus: 400 }],
    ['cutter', { chunkCount: 8, cutAfterChunks: 3 }],
    // A server error: retryable, so the alias falls back to alpha.
    ['delta', { errorStatus: 500 }],
    // Anthropic's and Gemini's wire formats report usage in their own events.
    ['claude', { cachedInputTokens: 2 }],
    ['gem', {}],
  ] as const) {
    const format = id === 'claude' ? 'anthropic' : id === 'gem' ? 'gemini' : 'openai';
    const { baseUrl } = simulator.addProvider(id, format, behaviour);
    providers.push({
      id,
      adapter: format === 'openai' ? 'openai-compatible' : format,
      baseUrl,
      apiKeyEnv: 'RECON_API_KEY',
      models: [{ id: MODEL, price: PRICES[id]! }],
    });
  }
  directory = await mkdtemp(join(tmpdir(), 'switchboard-reconciliation-'));
  const configPath = join(directory, 'switchboard.json');
  const config: CatalogConfig = {
    builtInProviders: false,
    providers,
    // Breakers open on the failing and the cutting provider after a few requests; these aliases keep
    // their requests admitted (served by alpha meanwhile) and the short cooldown lets them back in.
    aliases: { 'recon-fallback': [`delta/${MODEL}`, `alpha/${MODEL}`], 'recon-cut': [`cutter/${MODEL}`, `alpha/${MODEL}`] },
  };
  await writeFile(configPath, JSON.stringify(config));
  testDatabase = await createTestDatabase();
  database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  switchboard = await startSwitchboard({
    settings: testSettings({
      databaseUrl: testDatabase.url,
      redisUrl: redis.url,
      configPath,
      dataDirectory: join(directory, 'data'),
      egress: { allowedHosts: parseAllowedHosts('127.0.0.1') },
      logLevel: 'info',
      // A short cooldown lets the failing provider back in often, so fallbacks keep happening.
      circuitBreaker: { consecutiveFailures: 5, errorRateThreshold: 0.5, cooldownMs: 200 },
    }),
    env: { VAULT_KEK: generateKek(), RECON_API_KEY: 'sk-reconciliation' },
    logger: createLogger(
      'info',
      new Writable({
        write(chunk, _encoding, callback) {
          gatewayLogs.push(chunk.toString());
          callback();
        },
      }),
    ),
    redisPrefix: prefix,
  });
  apiKey = switchboard.firstApiKey!;
  // The doomed worker's inserts into usage_events wait here, so when it is killed it really holds
  // batches mid-transaction (its jobs active, locked, uncommitted), not only an idle connection.
  await database.db.execute(
    sql.raw(`create function hold_doomed_worker() returns trigger language plpgsql as $$
      begin
        if current_setting('application_name') = '${DOOMED_WORKER}' then perform pg_sleep(120); end if;
        return null;
      end $$;
      create trigger hold_doomed_worker before insert on usage_events
        for each statement execute function hold_doomed_worker()`),
  );
}, 60_000);

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await switchboard?.close();
  await database?.close();
  await testDatabase?.drop();
  await simulator?.close();
  await redis?.dispose();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('usage reconciliation', () => {
  it('records every request exactly once, with the tokens the provider sent, the right cost and rollups equal to the events', async () => {
    const firstWorker = startWorker({ PGAPPNAME: DOOMED_WORKER });
    const survivingWorker = startWorker();
    const sent: Sent[] = [];
    let next = 0;
    let workerKilled = false;
    let batchesHeldAtKill = 0;
    let redisRestarted = false;
    const disruptions = (async () => {
      // A third of the way in: kill a worker hard, in the middle of whatever it is doing.
      await waitUntil(async () => sent.length >= REQUESTS / 3, 60_000, 'a third of the requests');
      const heldBackends = async () =>
        queryRows<{ pid: number }>(
          database.db,
          sql`select pid from pg_stat_activity where application_name = ${DOOMED_WORKER} and wait_event = 'PgSleep'`,
        );
      await waitUntil(async () => (await heldBackends()).length > 0, 60_000, 'the doomed worker to hold a batch');
      batchesHeldAtKill = (await heldBackends()).length;
      const exited = once(firstWorker, 'exit');
      firstWorker.kill('SIGKILL');
      // Really gone, by the signal (not a clean exit that would have finished its batch).
      const [exitCode, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      workerKilled = exitCode === null && signal === 'SIGKILL';
      // The dead process's sessions: Postgres would notice only when the sleep ends; end them now,
      // which rolls their uncommitted batches back, as a crashed host's connections would be.
      await database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${DOOMED_WORKER}`,
      );
      // Half way: stop Redis; the gateway spools to disk meanwhile. Then start it again.
      await waitUntil(async () => sent.length >= REQUESTS / 2, 60_000, 'half of the requests');
      await redis.stop();
      await new Promise((resolvePause) => setTimeout(resolvePause, 1_500));
      await redis.start();
      redisRestarted = true;
    })();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) sent.push(await send(next++));
      }),
    );
    await disruptions;
    expect(workerKilled && redisRestarted).toBe(true);
    expect(batchesHeldAtKill).toBeGreaterThan(0);

    // Drain: the gateway's batch and spool, then the queue.
    const count = async () =>
      Number((await queryRows<{ count: string }>(database.db, sql`select count(*) as count from usage_events`))[0]!.count);
    const pipeline = switchboard.usagePipeline;
    await waitUntil(
      async () => (await count()) >= REQUESTS,
      90_000,
      'every usage event to be stored',
      async () =>
        JSON.stringify({
          stored: await count(),
          sent: sent.length,
          statuses: sent.reduce<Record<string, number>>((counts, request) => {
            counts[request.status] = (counts[request.status] ?? 0) + 1;
            return counts;
          }, {}),
          pendingInGateway: pipeline.batcher.pending,
          queued: await pipeline.queue?.depth().catch((error: Error) => error.message),
          failed: await pipeline.queue?.queue.getJobCounts('failed').catch((error: Error) => error.message),
        }),
    );

    // The one worker left did the draining, the killed one's stalled jobs included.
    expect(survivingWorker.exitCode).toBeNull();
    expect(workers).toHaveLength(2);
    // Every request answered or aborted; none failed at the transport level.
    expect(sent.filter((request) => request.status === 'failed')).toEqual([]);
    const events = await queryRows<Record<string, unknown>>(
      database.db,
      sql`select request_id, client_request_id, provider_id, outcome, attempts, stream, input_tokens, cached_input_tokens, output_tokens,
                   cost_micros, estimated from usage_events`,
    );
    // Each request sent its own x-request-id, which the event keeps beside the gateway's id.
    const byId = new Map(events.map((event) => [String(event.client_request_id), event]));
    // Exactly one event per request: none missing, none extra (the gateway id is the primary key).
    expect(events.length).toBe(REQUESTS);
    expect(sent.filter((request) => !byId.has(request.requestId)).map((request) => request.requestId)).toEqual([]);

    const simulated = new Map<string, RecordedRequest[]>();
    for (const provider of Object.keys(PRICES)) {
      for (const record of simulator.requests(provider)) {
        const id = record.headers['x-request-id']!;
        simulated.set(id, [...(simulated.get(id) ?? []), record]);
      }
    }
    const mismatches: string[] = [];
    const outcomes = new Map<string, number>();
    for (const request of sent) {
      const event = byId.get(request.requestId)!;
      outcomes.set(String(event.outcome), (outcomes.get(String(event.outcome)) ?? 0) + 1);
      // Upstream calls carry the gateway's id, not the client's.
      const attempts = (simulated.get(String(event.request_id)) ?? []).sort((a, b) => a.sequence - b.sequence);
      const last = attempts.at(-1);
      const provider = String(event.provider_id);
      const input = Number(event.input_tokens);
      const cached = Number(event.cached_input_tokens);
      const output = Number(event.output_tokens);
      if (Number(event.attempts) !== attempts.length)
        mismatches.push(`${request.requestId}: ${event.attempts} attempts recorded, ${attempts.length} made`);
      if (last && provider !== last.path.split('/')[2])
        mismatches.push(`${request.requestId}: provider ${provider}, simulator ${last.path}`);
      if (event.estimated === false) {
        const usage = last?.usageSent ?? { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
        if (input !== usage.inputTokens || cached !== usage.cachedInputTokens || output !== usage.outputTokens)
          mismatches.push(`${request.requestId}: recorded ${input}/${cached}/${output}, sent ${JSON.stringify(usage)}`);
      } else if (last?.usageSent) {
        mismatches.push(`${request.requestId}: estimated although the provider sent usage`);
      }
      const cost = provider in PRICES ? expectedCostMicros(provider, input, cached, output) : 0;
      if (Number(event.cost_micros) !== cost)
        mismatches.push(`${request.requestId}: cost ${event.cost_micros}, expected ${cost}`);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // Redis really went away: the gateway spooled to disk, then replayed the spool into the queue.
    const messages = gatewayLogs.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain('usage queue unreachable; spooling usage events to disk until it is back');
    expect(messages).toContain('usage queue reachable again; replayed the spooled usage events');
    const metrics = await (await fetch(`${switchboard.gateway.url}/metrics`)).text();
    expect(Number(/^switchboard_usage_events_spooled_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^switchboard_usage_spooling 0$/m);
    // Every wire format served whole answers and streams, and was billed from its own usage.
    for (const provider of SERVING) {
      const served = events.filter((event) => event.provider_id === provider && event.outcome === 'success');
      for (const streamed of [true, false])
        expect(served.filter((event) => event.stream === streamed).length, `${provider} stream=${streamed}`).toBeGreaterThan(0);
    }
    // The mix really happened.
    for (const outcome of ['success', 'success_after_fallback', 'upstream_error', 'stream_interrupted', 'client_aborted'])
      expect(outcomes.get(outcome) ?? 0, `${outcome} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);

    // The rollups equal the sum of the events, at every granularity and for every group.
    for (const granularity of ['minute', 'hour', 'day']) {
      const differences = await queryRows<Record<string, unknown>>(
        database.db,
        sql`with events as (
                select date_trunc(${granularity}, occurred_at, 'UTC') as bucket, coalesce(api_key_id, '') as api_key_id,
                       coalesce(provider_id, '') as provider_id, model, count(*) as requests,
                       count(*) filter (where outcome not in ('success', 'success_after_fallback')) as errors,
                       sum(input_tokens) as input, sum(cached_input_tokens) as cached, sum(output_tokens) as output,
                       sum(cost_micros) as cost
                from usage_events group by 1, 2, 3, 4),
              rollups as (
                select bucket_start as bucket, api_key_id, provider_id, model, requests, errors, input_tokens as input,
                       cached_input_tokens as cached, output_tokens as output, cost_micros as cost
                from usage_rollups where granularity = ${granularity})
              select * from (select * from events except select * from rollups) missing
              union all
              select * from (select * from rollups except select * from events) extra`,
      );
      expect(differences, granularity).toEqual([]);
      // And, said directly: the rollups count each request sent exactly once (no loss, no double count).
      const [rolled] = await queryRows<{ requests: string }>(
        database.db,
        sql`select coalesce(sum(requests), 0)::text as requests from usage_rollups where granularity = ${granularity}`,
      );
      expect(Number(rolled?.requests), `${granularity} rollup requests`).toBe(REQUESTS);
    }
  }, 240_000);
});
