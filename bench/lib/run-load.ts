import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import type { LoadResult } from './load-result';

const run = promisify(execFile);

export interface LoadOptions {
  url: string;
  body: string;
  /** Sent as a Bearer token: the gateway key (the simulator accepts any key). */
  apiKey: string;
  connections: number;
  durationSeconds: number;
}

async function hasWrk(): Promise<boolean> {
  try {
    await run('wrk', ['--version']);
    return true;
  } catch (error) {
    // wrk prints its version and exits 1.
    return (error as { stdout?: string }).stdout?.includes('wrk') ?? false;
  }
}

/** wrk is a C load generator: it leaves more of the 2 cores to the processes being measured. */
async function runWrk(options: LoadOptions): Promise<LoadResult> {
  const script = join(tmpdir(), `switchboard-bench-${process.pid}.lua`);
  writeFileSync(
    script,
    `wrk.method = "POST"
wrk.body = ${JSON.stringify(options.body)}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${options.apiKey}"
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("\\nRESULT %d %d %d %d %d\\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors))
end
`,
  );
  const { stdout } = await run('wrk', [
    `-t${Math.min(2, options.connections)}`,
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '-s',
    script,
    options.url,
  ]);
  const match = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(stdout);
  if (!match) throw new Error(`unexpected wrk output:\n${stdout}`);
  const [requests, durationMicros, p50Micros, p99Micros, errors] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    requests,
    requestsPerSecond: requests / (durationMicros / 1e6),
    p50: p50Micros / 1000,
    p99: p99Micros / 1000,
    errors,
  };
}

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    body: options.body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
    connections: options.connections,
    duration: options.durationSeconds,
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

let generator: 'wrk' | 'autocannon' | undefined;

/** Runs one load with wrk when installed, else autocannon; says which. */
export async function runLoad(options: LoadOptions): Promise<LoadResult & { generator: string }> {
  generator ??= (await hasWrk()) ? 'wrk' : 'autocannon';
  const result = generator === 'wrk' ? await runWrk(options) : await runAutocannon(options);
  return { ...result, generator };
}
