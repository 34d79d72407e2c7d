import type { Harness } from './gateway-harness';

/** Who served one request, as the gateway's response headers say. */
export interface ServedBy {
  status: number;
  provider: string | null;
  model: string | null;
  attempts: number | null;
}

export function chatBody(model: string, extra: Record<string, unknown> = {}) {
  return { model, messages: [{ role: 'user', content: 'Hello' }], ...extra };
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Sends one chat request and reads the routing headers; the body is drained so the socket is reused. */
export async function sendChat(harness: Harness, body: unknown, headers: Record<string, string> = {}): Promise<ServedBy> {
  const response = await harness.post('/v1/chat/completions', body, headers);
  await response.arrayBuffer();
  const attempts = response.headers.get('x-switchboard-attempts');
  return {
    status: response.status,
    provider: response.headers.get('x-switchboard-provider'),
    model: response.headers.get('x-switchboard-model'),
    attempts: attempts === null ? null : Number(attempts),
  };
}

/**
 * Sends `count` requests, `concurrency` at a time (each worker waits for its answer before the
 * next send, so the router's statistics keep up with the traffic), in the order they finished.
 */
export async function sendMany(
  harness: Harness,
  count: number,
  body: unknown,
  options: { headers?: Record<string, string>; concurrency?: number } = {},
): Promise<ServedBy[]> {
  const results: ServedBy[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      results.push(await sendChat(harness, body, options.headers));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return results;
}

/** How many of the answers each provider served. */
export function countByProvider(results: readonly ServedBy[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { provider } of results) {
    const name = provider ?? 'none';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
