import { Pool } from 'undici';

export interface FirstByteResult {
  p50: number;
  p99: number;
  samples: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/**
 * Time to first byte of streamed responses, one request at a time over a keep-alive connection:
 * from sending the request to receiving the first body chunk (the first SSE event).
 */
export async function measureFirstByte(url: string, body: string, samples: number, apiKey: string): Promise<FirstByteResult> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: 1 });
  const timings: number[] = [];
  try {
    for (let index = 0; index < samples + 20; index++) {
      const started = process.hrtime.bigint();
      const response = await pool.request({
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body,
      });
      let first: bigint | undefined;
      for await (const _chunk of response.body) first ??= process.hrtime.bigint();
      // The first 20 warm the connection and the JIT.
      if (index >= 20 && first !== undefined) timings.push(Number(first - started) / 1e6);
    }
  } finally {
    await pool.close();
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 0.5), p99: percentile(timings, 0.99), samples: timings.length };
}
