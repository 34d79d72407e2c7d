import type { RecordedRequest } from '@switchboard/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_MODEL, SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface CreatedKey {
  id: string;
  key: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function createKey(harness: SwitchboardHarness, fields: Record<string, unknown>): Promise<CreatedKey> {
  const created = await harness.admin<CreatedKey>('POST', '/admin/api-keys', fields);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

async function chat(harness: SwitchboardHarness, key: string): Promise<Answer> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * Puts the key in both instances' caches without charging any limit (GET /v1/key only
 * authenticates), so a burst measures admission rather than a first database lookup.
 */
async function warm(instances: SwitchboardHarness[], key: string): Promise<void> {
  for (const harness of instances) {
    const response = await fetch(`${harness.url}/v1/key`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
  }
}

/** Sends `count` chats at once, alternating between the instances. */
function burst(instances: SwitchboardHarness[], key: string, count: number): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => chat(instances[index % instances.length]!, key)));
}

/** The most requests the simulator was answering at the same moment. */
function mostInFlight(requests: RecordedRequest[]): number {
  const events = requests.flatMap((request) => {
    expect(request.closedAt).toBeDefined();
    // At equal times the close counts first: a request that ended as another began did not overlap it.
    return [
      { at: request.receivedAt, change: 1 },
      { at: request.closedAt!, change: -1 },
    ];
  });
  events.sort((a, b) => a.at - b.at || a.change - b.change);
  let current = 0;
  let most = 0;
  for (const event of events) {
    current += event.change;
    most = Math.max(most, current);
  }
  return most;
}

const goDuration = /^(\d+h)?(\d+m)?(\d+(\.\d+)?s|\d+ms)$/;

describe('rate limits shared by two instances through Redis', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness;
  let instances: SwitchboardHarness[];

  beforeAll(async () => {
    first = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider' });
    second = await startSwitchboardHarness({ join: first });
    instances = [first, second];
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('admits exactly rpmLimit requests per minute however they are split, and says when to retry', async () => {
    const rpmLimit = 5;
    const tpmLimit = 1_000_000;
    const { key } = await createKey(first, { name: 'five-a-minute', rpmLimit, tpmLimit });
    await warm(instances, key);

    // GCRA frees one request every 60 s / 5 = 12 s, far longer than this burst takes.
    const answers = await burst(instances, key, 12);
    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted).toHaveLength(rpmLimit);
    expect(refused).toHaveLength(12 - rpmLimit);
    // Both instances took part in the admitting and in the refusing.
    expect(answers.filter((answer, index) => index % 2 === 1 && answer.status === 200).length).toBeGreaterThan(0);
    expect(answers.filter((answer, index) => index % 2 === 1 && answer.status === 429).length).toBeGreaterThan(0);

    // Successful answers carry the headers too; each admission saw its own place in the bucket.
    const remaining = admitted.map((answer) => Number(answer.headers.get('x-ratelimit-remaining-requests')));
    expect(remaining.sort()).toEqual([0, 1, 2, 3, 4]);
    for (const answer of admitted) {
      expect(answer.headers.get('x-ratelimit-limit-requests')).toBe(String(rpmLimit));
      expect(answer.headers.get('x-ratelimit-limit-tokens')).toBe(String(tpmLimit));
      expect(answer.headers.get('retry-after')).toBeNull();
    }

    for (const answer of refused) {
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60 / rpmLimit);
      expect(answer.headers.get('x-ratelimit-limit-requests')).toBe(String(rpmLimit));
      expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(answer.headers.get('x-ratelimit-reset-requests')).toMatch(goDuration);
      expect(answer.headers.get('x-ratelimit-limit-tokens')).toBe(String(tpmLimit));
      expect(Number(answer.headers.get('x-ratelimit-remaining-tokens'))).toBeGreaterThan(0);
      expect(answer.headers.get('x-ratelimit-reset-tokens')).toMatch(goDuration);
      const body = JSON.parse(answer.text) as { error: { type: string; code: string; message: string } };
      expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
      expect(body.error.message).toContain('requests per minute');
    }

    // Still refused on either instance afterwards: the limit is per key, not per instance.
    expect((await chat(first, key)).status).toBe(429);
    expect((await chat(second, key)).status).toBe(429);
  });

  it('holds a token limit under 64 connections: a minute admits at most the limit plus one request, and no retry waits past the window', async () => {
    const tpmLimit = 5_000;
    const { key } = await createKey(first, { name: 'tpm-64', tpmLimit });
    await warm(instances, key);
    first.simulator.clearRequests(SIMULATED_PROVIDER);
    // The provider bills 30 prompt tokens: within the bound admission reserves for this prompt.
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: 30, latencyMs: 20 });
    const answers: Answer[] = [];
    const started = Date.now();
    try {
      await Promise.all(
        Array.from({ length: 64 }, async (_, connection) => {
          // Four requests a connection: 256 x 86 reserved tokens is four times the limit.
          for (let index = 0; index < 4; index++) {
            const response = await fetch(`${instances[connection % 2]!.url}/v1/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
              body: JSON.stringify({
                model: SIMULATED_MODEL,
                stream: true,
                max_tokens: 50,
                messages: [{ role: 'user', content: 'Hello' }],
              }),
            });
            answers.push({ status: response.status, headers: response.headers, text: await response.text() });
          }
        }),
      );
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: undefined, latencyMs: 0 });
    }
    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted.length + refused.length, answers.map((answer) => answer.status).join(',')).toBe(answers.length);
    expect(refused.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    // Everything ran inside one minute: the tokens providers billed stay within the limit plus
    // one request's reservation (the prompt's bound, 36, plus max_tokens, 50).
    const billed = first.simulator
      .requests(SIMULATED_PROVIDER)
      .reduce(
        (sum, request) => sum + (request.usageSent ? request.usageSent.inputTokens + request.usageSent.outputTokens : 0),
        0,
      );
    const detail = `${admitted.length} admitted, ${refused.length} refused, ${billed} tokens billed, statuses ${[
      ...new Set(answers.map((answer) => answer.status)),
    ].join(',')}`;
    expect(billed, detail).toBeGreaterThan(tpmLimit / 2);
    expect(billed, detail).toBeLessThanOrEqual(tpmLimit + 86);
    for (const answer of refused) {
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(61);
    }

    // A provider billing far above the reservation cannot lock the key out past the window either.
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: 50_000 });
    const { key: heavy } = await createKey(first, { name: 'tpm-debt', tpmLimit });
    try {
      expect((await chat(first, heavy)).status).toBe(200);
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { inputTokens: undefined });
    }
    const locked = await chat(second, heavy);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(61);
  });

  it('never lets more than concurrencyLimit requests of one key run at once across both instances', async () => {
    const { key } = await createKey(first, { name: 'two-at-a-time', concurrencyLimit: 2 });
    await warm(instances, key);
    first.simulator.clearRequests(SIMULATED_PROVIDER);
    // Long enough that all eight reach admission while the first two are still upstream.
    first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 400 });
    let answers: Answer[];
    try {
      answers = await burst(instances, key, 8);
    } finally {
      first.simulator.setBehaviour(SIMULATED_PROVIDER, { latencyMs: 0 });
    }

    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted).toHaveLength(2);
    expect(refused).toHaveLength(6);
    for (const answer of refused) {
      expect(answer.headers.get('retry-after')).toBe('1');
      const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('rate_limit_exceeded');
      expect(body.error.message).toContain('concurrent requests');
    }
    // Refused requests never reached the provider, and the admitted ones never overlapped past the limit.
    const upstream = first.simulator.requests(SIMULATED_PROVIDER);
    expect(upstream).toHaveLength(admitted.length);
    expect(mostInFlight(upstream)).toBeLessThanOrEqual(2);

    // The slots come back when the requests end: two more run at once again, one on each instance.
    const again = await Promise.all([chat(first, key), chat(second, key)]);
    expect(again.map((answer) => answer.status)).toEqual([200, 200]);
  });
});
