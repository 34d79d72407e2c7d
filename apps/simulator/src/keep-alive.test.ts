import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from './simulator';
import { startSimulator } from './start-simulator';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ recordLimit: 100 });
});
afterAll(() => simulator.close());

describe('under keep-alive load', () => {
  it('answers thousands of requests over a few pooled connections and keeps only recordLimit records', async () => {
    const { baseUrl } = simulator.addProvider('load', 'openai');
    const url = new URL(baseUrl);
    const pool = new Pool(url.origin, { connections: 8, pipelining: 1 });
    const total = 3000;
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }], stream: true });
    const statuses = new Map<number, number>();
    const keepAlive = new Set<string>();
    let completions = 0;
    try {
      for (let batch = 0; batch < total / 100; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, async () => {
            const response = await pool.request({
              path: `${url.pathname}/chat/completions`,
              method: 'POST',
              headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
              body,
            });
            const text = await response.body.text();
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            keepAlive.add(String(response.headers.connection));
            if (text.endsWith('data: [DONE]\n\n')) completions++;
          }),
        );
      }
    } finally {
      await pool.close();
    }
    expect(statuses).toEqual(new Map([[200, total]]));
    expect(completions).toBe(total);
    expect(keepAlive).toEqual(new Set(['keep-alive']));
    const records = simulator.requests('load');
    expect(records).toHaveLength(100);
    expect(records.every((record) => record.outcome === 'completed' && record.chunksSent === 5)).toBe(true);
    const sequences = records.map((record) => record.sequence);
    expect(sequences).toEqual([...sequences].sort((left, right) => left - right));
  });
});
