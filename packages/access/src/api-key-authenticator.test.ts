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

  it('stops looking keys up for a client after too many failures, but still serves its cached keys', async () => {
    const authenticator = make({ failuresPerClient: 3, failureWindowMs: 60_000 });
    await authenticator.authenticate(key, client, start);
    for (let attempt = 0; attempt < 3; attempt++) await authenticator.authenticate(generateApiKey(), client, start);
    expect(lookup.calls).toBe(4);

    const another = generateApiKey();
    lookup.add(another, summary('key_other'));
    expect(await authenticator.authenticate(another, client, start + 1)).toEqual({ ok: false, reason: 'too_many_failures' });
    expect(await authenticator.authenticate(generateApiKey(), client, start + 1)).toEqual({
      ok: false,
      reason: 'too_many_failures',
    });
    expect(lookup.calls).toBe(4);
    expect((await authenticator.authenticate(key, client, start + 1)).ok).toBe(true);
    // Other clients are unaffected, and the block ends with the window.
    expect((await authenticator.authenticate(another, '198.51.100.1', start + 1)).ok).toBe(true);
    expect((await authenticator.authenticate(another, client, start + 60_000)).ok).toBe(true);
  });

  it('counts malformed keys as failures too', async () => {
    const authenticator = make({ failuresPerClient: 2 });
    await authenticator.authenticate('garbage', client, start);
    await authenticator.authenticate('garbage', client, start);
    expect(await authenticator.authenticate(key, client, start)).toEqual({ ok: false, reason: 'too_many_failures' });
    expect(lookup.calls).toBe(0);
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
