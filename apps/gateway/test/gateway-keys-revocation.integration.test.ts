import { generateApiKey, parseApiKey } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_MODEL, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

interface CreatedKey {
  id: string;
  key: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** Creates a gateway key through the admin API of `harness`; the secret is only in this answer. */
async function createKey(harness: SwitchboardHarness, fields: Record<string, unknown>): Promise<CreatedKey> {
  const created = await harness.admin<CreatedKey>('POST', '/admin/api-keys', fields);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** A chat request with exactly this Authorization header (undefined sends none). */
async function chat(harness: SwitchboardHarness, authorization: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: SIMULATED_MODEL, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The same key with its last checksum character changed: the right shape, a wrong checksum. */
function withBadChecksum(key: string): string {
  const last = key.at(-1);
  return `${key.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
}

describe('gateway keys across two instances on one Postgres and one Redis', () => {
  let first: SwitchboardHarness;
  let second: SwitchboardHarness;

  beforeAll(async () => {
    first = await startSwitchboardHarness({ redis: true, environmentKey: 'sk-simulated-provider' });
    second = await startSwitchboardHarness({ join: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('refuses a revoked key on both instances within a second of the revoke', async () => {
    const { id, key } = await createKey(first, { name: 'revoked-soon' });
    // Both instances have the key cached, so only the change bus can make them forget it.
    expect((await chat(first, `Bearer ${key}`)).status).toBe(200);
    expect((await chat(second, `Bearer ${key}`)).status).toBe(200);

    const revokeStarted = Date.now();
    const revoked = await first.admin<{ revokedAt: string | null }>('POST', `/admin/api-keys/${id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();

    const untilRefused = async (harness: SwitchboardHarness): Promise<{ elapsedMs: number; answer: Answer }> => {
      for (;;) {
        const answer = await chat(harness, `Bearer ${key}`);
        const elapsedMs = Date.now() - revokeStarted;
        if (answer.status === 401 || elapsedMs > 3_000) return { elapsedMs, answer };
        expect(answer.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const [onFirst, onSecond] = await Promise.all([untilRefused(first), untilRefused(second)]);
    expect(onFirst.answer.status).toBe(401);
    expect(onSecond.answer.status).toBe(401);
    expect(onFirst.elapsedMs).toBeLessThan(1_000);
    expect(onSecond.elapsedMs).toBeLessThan(1_000);
    // A revoked key looks like any other bad key: nothing tells a caller it once worked.
    expect(onSecond.answer.text).toBe(onFirst.answer.text);
    expect(JSON.parse(onSecond.answer.text)).toMatchObject({
      error: { type: 'authentication_error', code: 'invalid_api_key' },
    });
  });

  it('answers missing, malformed, bad-checksum, unknown, revoked and expired keys with one identical 401', async () => {
    const live = await createKey(first, { name: 'for-checksum' });
    const revoked = await createKey(first, { name: 'revoked-already' });
    expect((await first.admin('POST', `/admin/api-keys/${revoked.id}/revoke`)).status).toBe(200);
    const expired = await createKey(first, { name: 'expired-already', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const unknown = generateApiKey();
    const badChecksum = withBadChecksum(live.key);
    // Each spelling must reach the stage it is named after, or the comparison proves less than it says.
    expect(parseApiKey('sb_live_tooShort')).toEqual({ ok: false, reason: 'malformed' });
    expect(parseApiKey(badChecksum)).toEqual({ ok: false, reason: 'bad_checksum' });
    expect(parseApiKey(unknown)).toEqual({ ok: true, key: unknown });

    const authorizations: Record<string, string | undefined> = {
      missing: undefined,
      'not bearer': `Basic ${Buffer.from('user:password').toString('base64')}`,
      malformed: 'Bearer sb_live_tooShort',
      'bad checksum': `Bearer ${badChecksum}`,
      unknown: `Bearer ${unknown}`,
      revoked: `Bearer ${revoked.key}`,
      expired: `Bearer ${expired.key}`,
    };
    const bodies = new Map<string, string>();
    for (const harness of [first, second]) {
      for (const [reason, authorization] of Object.entries(authorizations)) {
        const answer = await chat(harness, authorization);
        expect(answer.status, reason).toBe(401);
        expect(answer.headers.get('retry-after'), reason).toBeNull();
        bodies.set(`${reason} on ${harness === first ? 'first' : 'second'}`, answer.text);
      }
    }
    const distinct = new Set(bodies.values());
    expect(distinct.size, JSON.stringify(Object.fromEntries(bodies))).toBe(1);
    const [body] = distinct;
    expect(JSON.parse(body!)).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
    // The live key the bad checksum was made from still works: the 401 was about the spelling.
    expect((await chat(second, `Bearer ${live.key}`)).status).toBe(200);
  });
});
