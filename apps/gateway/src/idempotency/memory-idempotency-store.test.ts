import { describe, expect, it } from 'vitest';
import type { IdempotencyEntry } from './idempotency-store';
import { MemoryIdempotencyStore } from './memory-idempotency-store';

const running = (requestId: string): Extract<IdempotencyEntry, { state: 'running' }> => ({
  state: 'running',
  fingerprint: 'f',
  requestId,
});
const done = (body: string): Extract<IdempotencyEntry, { state: 'done' }> => ({
  state: 'done',
  fingerprint: 'f',
  answer: { requestId: 'req_1', status: 200, headers: {}, body, stream: false, requestedModel: 'm', servedModel: 'm' },
});

describe('MemoryIdempotencyStore', () => {
  it('lets one request claim a key, shows the claim to the next, then the kept answer', async () => {
    const store = new MemoryIdempotencyStore();
    expect(await store.claim('k', running('req_1'), 1_000)).toBeUndefined();
    expect(await store.claim('k', running('req_2'), 1_000)).toEqual(running('req_1'));
    await store.complete('k', done('answer'), 1_000);
    expect(await store.claim('k', running('req_3'), 1_000)).toEqual(done('answer'));
  });

  it('frees a released key and an expired one', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ maxEntries: 10, maxBytes: 1_000_000 }, () => now);
    await store.claim('released', running('req_1'), 1_000);
    await store.release('released');
    expect(await store.claim('released', running('req_2'), 1_000)).toBeUndefined();
    await store.complete('expiring', done('answer'), 1_000);
    now = 1_000;
    expect(await store.claim('expiring', running('req_3'), 1_000)).toBeUndefined();
  });

  it('stays within its entry and byte bounds, dropping the oldest first', async () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 3, maxBytes: 1_000_000 });
    for (const key of ['a', 'b', 'c', 'd']) await store.complete(key, done(key), 1_000);
    expect(store.size).toBe(3);
    expect(await store.claim('a', running('req_new'), 1_000)).toBeUndefined();
    expect(await store.claim('d', running('req_new'), 1_000)).toEqual(done('d'));

    const small = new MemoryIdempotencyStore({ maxEntries: 100, maxBytes: 3_000 });
    for (const key of ['x', 'y', 'z']) await small.complete(key, done('.'.repeat(500)), 1_000);
    // Each answer counts 1,512 bytes: only the newest fits beside none other.
    expect(small.size).toBe(1);
    expect(await small.claim('z', running('req_new'), 1_000)).toEqual(done('.'.repeat(500)));
  });
});
