import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../app/request-record';
import type { StoredAnswer } from '../idempotency/idempotency-store';
import { replayAnswer } from '../idempotency/replay-answer';
import { parseCacheDirective } from './parse-cache-directive';
import { MemoryResponseCacheStore } from './response-cache-store';
import { responseCacheKey } from './run-cached';

const answer = (body: string, chunks?: string[]): StoredAnswer => ({
  requestId: 'req_1',
  status: 200,
  headers: { 'content-type': 'text/event-stream' },
  body,
  chunks,
  stream: true,
  requestedModel: 'm',
  servedModel: 'm',
});

describe('parseCacheDirective', () => {
  it('reads ttl, scope and no-store, and refuses anything else', () => {
    expect(parseCacheDirective(undefined)).toBeUndefined();
    expect(parseCacheDirective('ttl=300')).toEqual({ kind: 'store', ttlSeconds: 300, scope: 'key' });
    expect(parseCacheDirective('ttl=86400; scope=team')).toEqual({ kind: 'store', ttlSeconds: 86_400, scope: 'owner' });
    expect(parseCacheDirective('no-store')).toEqual({ kind: 'no-store' });
    for (const bad of ['ttl=0', 'ttl=86401', 'ttl=abc', 'forever', 'ttl=5; scope=world', '']) {
      expect(() => parseCacheDirective(bad), bad).toThrow(/x-switchboard-cache/);
    }
  });
});

describe('responseCacheKey', () => {
  it('is the same for reordered fields and another user, and differs by tenant, route, sampling and stream', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };
    const key = responseCacheKey('key:a', 'chat', JSON.stringify(body), 128);
    expect(
      responseCacheKey('key:a', 'chat', JSON.stringify({ user: 'u', temperature: 0, model: 'm', messages: body.messages }), 128),
    ).toBe(key);
    expect(responseCacheKey('key:b', 'chat', JSON.stringify(body), 128)).not.toBe(key);
    expect(responseCacheKey('key:a', 'responses', JSON.stringify(body), 128)).not.toBe(key);
    expect(responseCacheKey('key:a', 'chat', JSON.stringify({ ...body, temperature: 0.7 }), 128)).not.toBe(key);
    expect(responseCacheKey('key:a', 'chat', JSON.stringify({ ...body, stream: true }), 128)).not.toBe(key);
    expect(responseCacheKey('key:a', 'chat', 'not json', 128)).toBeUndefined();
    // The key's own setting caches temperature 0 only.
    expect(responseCacheKey('key:a', 'chat', JSON.stringify(body), 128, true)).toBe(key);
    expect(responseCacheKey('key:a', 'chat', JSON.stringify({ ...body, temperature: 1 }), 128, true)).toBeUndefined();
    expect(responseCacheKey('key:a', 'chat', JSON.stringify({ model: 'm', messages: [] }), 128, true)).toBeUndefined();
    expect(responseCacheKey('key:a', 'chat', '[[[[1]]]]', 2)).toBeUndefined();
  });
});

describe('MemoryResponseCacheStore', () => {
  it('expires entries and stays bounded, least recently used first', async () => {
    let now = 0;
    const store = new MemoryResponseCacheStore(2, 1_000_000, () => now);
    await store.set('a', answer('A'), 1_000);
    await store.set('b', answer('B'), 1_000);
    await store.get('a');
    await store.set('c', answer('C'), 1_000);
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.body).toBe('A');
    now = 1_000;
    expect(await store.get('a')).toBeUndefined();
  });
});

describe('replayAnswer', () => {
  it('writes a kept stream piece by piece, with the original chunking', () => {
    const writes: string[] = [];
    let head: Record<string, string> = {};
    const outgoing = {
      writeHead: (_status: number, headers: Record<string, string>) => {
        head = headers;
      },
      write: (chunk: string) => writes.push(chunk),
      end: (chunk?: string) => {
        if (chunk !== undefined) writes.push(chunk);
      },
    } as unknown as ServerResponse;
    const record = { requestId: 'req_2', route: 'chat', attempts: 0, attemptLog: [], startedAt: 0 } as RequestRecord;
    replayAnswer(outgoing, record, answer('data: 1\n\ndata: 2\n\n', ['data: 1\n\n', 'data: 2\n\n']), {
      'x-switchboard-cache': 'hit',
    });
    expect(writes).toEqual(['data: 1\n\n', 'data: 2\n\n']);
    expect(head).toMatchObject({ 'x-request-id': 'req_2', 'x-switchboard-cache': 'hit', 'x-switchboard-replay-of': 'req_1' });
    expect(record).toMatchObject({ admitted: true, replayOf: 'req_1', stream: true });
  });
});
