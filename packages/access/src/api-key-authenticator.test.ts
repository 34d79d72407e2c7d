import { beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyAuthenticator, type ApiKeyAuthenticatorOptions, type ApiKeyLookup } from './api-key-authenticator';
import { generateApiKey, hashApiKey } from './api-key-format';
import type { ApiKeySummary } from './api-key-summary';

const client = '203.0.113.7';
const start = Date.parse('2030-01-01T00:00:00Z');

function summary(id: string, overrides: Partial<ApiKeySummary> = {}): ApiKeySummary {
  return {
    id,
    name: id,
    prefix: 'sb_live_abcd',
    last4: 'wxyz',
    owner: null,
    allowedModels: null,
    modelAliases: null,
    allowedEndpoints: null,
    ipAllowlist: null,
    expiresAt: null,
    defaultPolicy: null,
    metadata: {},
    rpmLimit: null,
    tpmLimit: null,
    concurrencyLimit: null,
    budgetMicros: null,
    budgetPeriod: null,
    allowDebug: false,
    responseCacheTtlSeconds: null,
    teamId: null,
    ledgerKeyId: null,
    rotatedFromId: null,
    createdAt: new Date(start),
    updatedAt: new Date(start),
    revokedAt: null,
    ...overrides,
  };
}

/** A key table in memory that counts lookups, and can hold them until released. */
class CountingLookup implements ApiKeyLookup {
  readonly rows = new Map<string, ApiKeySummary>();
  calls = 0;
  #held: (() => void)[] = [];
  hold = false;

  add(key: string, row: ApiKeySummary): void {
    this.rows.set(hashApiKey(key), row);
  }

  async findByHash(hash: string): Promise<ApiKeySummary | undefined> {
    this.calls++;
    if (this.hold) await new Promise<void>((resolve) => this.#held.push(resolve));
    return this.rows.get(hash);
  }

  release(): void {
    for (const resolve of this.#held.splice(0)) resolve();
  }
}

describe('ApiKeyAuthenticator', () => {
  let lookup: CountingLookup;
  let key: string;
  const make = (options: ApiKeyAuthenticatorOptions = {}) => new ApiKeyAuthenticator(lookup, options);

  beforeEach(() => {
    lookup = new CountingLookup();
    key = generateApiKey();
    lookup.add(key, summary('key_live'));
  });

  it('authenticates a live key, then answers from the cache without the store', async () => {
    const authenticator = make();
    expect(await authenticator.authenticate(key, client, start)).toEqual({ ok: true, key: summary('key_live') });
    expect(lookup.calls).toBe(1);
    for (let request = 0; request < 100; request++) {
      expect((await authenticator.authenticate(key, client, start + request)).ok).toBe(true);
    }
    expect(lookup.calls).toBe(1);
  });

  it('looks a cached key up again after the cache lifetime, as a safety net for lost invalidations', async () => {
    const authenticator = make({ cacheLifetimeMs: 60_000 });
    await authenticator.authenticate(key, client, start);
    lookup.rows.set(hashApiKey(key), summary('key_live', { revokedAt: new Date(start) }));
    expect((await authenticator.authenticate(key, client, start + 59_999)).ok).toBe(true);
    expect(await authenticator.authenticate(key, client, start + 60_000)).toEqual({ ok: false, reason: 'revoked' });
    expect(lookup.calls).toBe(2);
  });

  it('refuses missing, malformed and bad-checksum keys without any lookup', async () => {
    const authenticator = make();
    const wrongChecksum = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await authenticator.authenticate(undefined, client, start)).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticator.authenticate(null, client, start)).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticator.authenticate('', client, start)).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticator.authenticate('sk-proj-123', client, start)).toEqual({ ok: false, reason: 'malformed' });
    expect(await authenticator.authenticate(wrongChecksum, client, start)).toEqual({ ok: false, reason: 'bad_checksum' });
    expect(lookup.calls).toBe(0);
  });

  it('remembers unknown keys for the negative lifetime', async () => {
    const authenticator = make({ negativeLifetimeMs: 10_000 });
    const unknown = generateApiKey();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await authenticator.authenticate(unknown, client, start + attempt)).toEqual({ ok: false, reason: 'unknown' });
    }
    expect(lookup.calls).toBe(1);
    // Created meanwhile: found once the negative entry lapses.
    lookup.add(unknown, summary('key_new'));
    expect((await authenticator.authenticate(unknown, client, start + 9_999)).ok).toBe(false);
    expect(await authenticator.authenticate(unknown, client, start + 10_000)).toMatchObject({ ok: true, key: { id: 'key_new' } });
    expect(lookup.calls).toBe(2);
  });

  it('refuses revoked and expired keys, expiry judged on every call even from the cache', async () => {
    const revokedKey = generateApiKey();
    lookup.add(revokedKey, summary('key_revoked', { revokedAt: new Date(start - 1) }));
    const expiringKey = generateApiKey();
    lookup.add(expiringKey, summary('key_expiring', { expiresAt: new Date(start + 1_000) }));
    const authenticator = make();
    expect(await authenticator.authenticate(revokedKey, client, start)).toEqual({ ok: false, reason: 'revoked' });
    expect(await authenticator.authenticate(revokedKey, client, start)).toEqual({ ok: false, reason: 'revoked' });
    expect((await authenticator.authenticate(expiringKey, client, start + 999)).ok).toBe(true);
    expect(await authenticator.authenticate(expiringKey, client, start + 1_000)).toEqual({ ok: false, reason: 'expired' });
    expect(lookup.calls).toBe(2);
  });

  it('lets a valid uncached key from an address through after 100 bad keys from it, and throttles the bad ones', async () => {
    const authenticator = make({ failuresPerClient: 20, failureWindowMs: 60_000 });
    const reasons = new Set<string>();
    for (let attempt = 0; attempt < 100; attempt++) {
      const result = await authenticator.authenticate(generateApiKey(), client, start + attempt);
      if (!result.ok) reasons.add(result.reason);
    }
    // The first 19 failures are plain; from the 20th on, every one is throttled.
    expect(reasons).toEqual(new Set(['unknown', 'too_many_failures']));
    expect(lookup.calls).toBe(100);

    // The neighbour behind the same address, with a key no cache has seen yet.
    const neighbour = generateApiKey();
    lookup.add(neighbour, summary('key_neighbour'));
    expect(await authenticator.authenticate(neighbour, client, start + 100)).toMatchObject({
      ok: true,
      key: { id: 'key_neighbour' },
    });
    expect((await authenticator.authenticate(key, client, start + 100)).ok).toBe(true);

    // The attacker keeps getting throttled, told when its window ends; malformed keys count too.
    expect(await authenticator.authenticate(generateApiKey(), client, start + 101)).toEqual({
      ok: false,
      reason: 'too_many_failures',
      retryAfterMs: 60_000 - 101,
    });
    expect(await authenticator.authenticate('garbage', client, start + 102)).toMatchObject({ reason: 'too_many_failures' });
    // Other clients are unaffected, and the throttle ends with the window.
    expect(await authenticator.authenticate(generateApiKey(), '198.51.100.1', start + 103)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await authenticator.authenticate(generateApiKey(), client, start + 60_000)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('answers a repeated unknown key from the negative cache, with no lookup, even when throttled', async () => {
    const authenticator = make({ failuresPerClient: 2 });
    const bad = generateApiKey();
    for (let attempt = 0; attempt < 10; attempt++) await authenticator.authenticate(bad, client, start);
    expect(lookup.calls).toBe(1);
  });

  it('bounds the lookups in flight for throttled clients; past the bound they are refused without one', async () => {
    const authenticator = make({ failuresPerClient: 1, throttledLookups: 2 });
    await authenticator.authenticate('garbage', client, start);
    lookup.hold = true;
    const flood = Array.from({ length: 10 }, () => authenticator.authenticate(generateApiKey(), client, start));
    await Promise.resolve();
    expect(lookup.calls).toBe(2);
    lookup.release();
    const results = await Promise.all(flood);
    expect(results.every((result) => !result.ok && result.reason === 'too_many_failures')).toBe(true);
    // With the flood over, a valid key is looked up again.
    lookup.hold = false;
    expect((await authenticator.authenticate(key, client, start)).ok).toBe(true);
  });

  it('invalidate(id) drops that key so the next request reads the change; others stay cached', async () => {
    const other = generateApiKey();
    lookup.add(other, summary('key_other'));
    const authenticator = make();
    await authenticator.authenticate(key, client, start);
    await authenticator.authenticate(other, client, start);
    expect(lookup.calls).toBe(2);

    lookup.add(key, summary('key_live', { revokedAt: new Date(start) }));
    authenticator.invalidate('key_live');
    expect(await authenticator.authenticate(key, client, start + 1)).toEqual({ ok: false, reason: 'revoked' });
    expect((await authenticator.authenticate(other, client, start + 1)).ok).toBe(true);
    expect(lookup.calls).toBe(3);
  });

  it("invalidate('all') drops known and unknown keys", async () => {
    const authenticator = make();
    const later = generateApiKey();
    await authenticator.authenticate(key, client, start);
    await authenticator.authenticate(later, client, start);
    lookup.add(later, summary('key_later'));
    lookup.add(key, summary('key_live', { rpmLimit: 5 }));
    authenticator.invalidate('all');
    expect(await authenticator.authenticate(key, client, start + 1)).toMatchObject({ ok: true, key: { rpmLimit: 5 } });
    expect(await authenticator.authenticate(later, client, start + 1)).toMatchObject({ ok: true, key: { id: 'key_later' } });
    expect(lookup.calls).toBe(4);
  });

  it('shares one lookup among concurrent requests for the same key', async () => {
    const authenticator = make();
    lookup.hold = true;
    const results = Array.from({ length: 50 }, () => authenticator.authenticate(key, client, start));
    await Promise.resolve();
    lookup.release();
    expect((await Promise.all(results)).every((result) => result.ok)).toBe(true);
    expect(lookup.calls).toBe(1);
  });

  it('does not cache what a lookup read before an invalidation', async () => {
    const authenticator = make();
    lookup.hold = true;
    const before = authenticator.authenticate(key, client, start);
    await Promise.resolve();
    // The revocation commits and is announced while the old row is on its way back.
    authenticator.invalidate('key_live');
    lookup.release();
    expect((await before).ok).toBe(true);

    lookup.hold = false;
    lookup.add(key, summary('key_live', { revokedAt: new Date(start) }));
    expect(await authenticator.authenticate(key, client, start + 1)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('passes a store failure on rather than calling the key unknown, and does not remember it', async () => {
    const failing: ApiKeyLookup = {
      findByHash: async () => {
        throw new Error('connection refused');
      },
    };
    const authenticator = new ApiKeyAuthenticator(failing);
    await expect(authenticator.authenticate(key, client, start)).rejects.toThrow('connection refused');
    await expect(authenticator.authenticate(key, client, start)).rejects.toThrow('connection refused');
  });

  it('keeps at most cacheSize keys', async () => {
    const authenticator = make({ cacheSize: 2 });
    const keys = [key, generateApiKey(), generateApiKey()];
    keys.slice(1).forEach((extra, index) => {
      lookup.add(extra, summary(`key_${index}`));
    });
    for (const each of keys) await authenticator.authenticate(each, client, start);
    expect(lookup.calls).toBe(3);
    await authenticator.authenticate(key, client, start);
    expect(lookup.calls).toBe(4);
  });
});
