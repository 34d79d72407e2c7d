import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryStoredResponseBackend } from './memory-stored-response-backend';
import type { StoredResponse } from './stored-response';
import type { StoredResponseBackend, StoredResponseRecord } from './stored-response-backend';
import { StoredResponses } from './stored-responses';

const logger = pino({ level: 'silent' });

function response(id: string, text = 'hello'): StoredResponse {
  return {
    id,
    ownerKeyId: 'key_1',
    providerId: 'deepseek',
    providerKeyId: undefined,
    native: false,
    response: {
      id,
      object: 'response',
      created_at: 1,
      status: 'completed',
      model: 'm',
      output: [],
    } as unknown as StoredResponse['response'],
    conversation: [{ type: 'message', role: 'user', content: text }],
    inputItemCount: 1,
  };
}

/** A backend whose writes take a while, as a database's do. */
class SlowBackend implements StoredResponseBackend {
  readonly inner = new MemoryStoredResponseBackend();
  async insert(record: StoredResponseRecord): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await this.inner.insert(record);
  }
  find(id: string, owner: string, now: Date) {
    return this.inner.find(id, owner, now);
  }
  delete(id: string, owner: string) {
    return this.inner.delete(id, owner);
  }
}

describe('StoredResponses', () => {
  it('a lookup right after keep waits for the write', async () => {
    const stored = new StoredResponses(new SlowBackend(), { retentionDays: 30, maxBytes: 1_000_000 }, logger);
    stored.keep(response('resp_1'));
    expect((await stored.find('resp_1', 'key_1'))?.conversation).toEqual(response('resp_1').conversation);
    expect(await stored.find('resp_1', 'key_2')).toBeUndefined();
  });

  it('does not store a response over the size cap', async () => {
    const stored = new StoredResponses(new MemoryStoredResponseBackend(), { retentionDays: 30, maxBytes: 300 }, logger);
    stored.keep(response('resp_small'));
    stored.keep(response('resp_big', 'x'.repeat(500)));
    await stored.settle();
    expect(await stored.find('resp_small', 'key_1')).toBeDefined();
    expect(await stored.find('resp_big', 'key_1')).toBeUndefined();
  });

  it('stamps the retention as the expiry', async () => {
    const backend = new MemoryStoredResponseBackend();
    const stored = new StoredResponses(backend, { retentionDays: 2, maxBytes: 1_000_000 }, logger);
    stored.keep(response('resp_1'));
    await stored.settle();
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    expect(await backend.find('resp_1', 'key_1', new Date())).toBeDefined();
    expect(await backend.find('resp_1', 'key_1', inThreeDays)).toBeUndefined();
  });

  it('deletes for the owner only', async () => {
    const stored = new StoredResponses(new MemoryStoredResponseBackend(), { retentionDays: 30, maxBytes: 1_000_000 }, logger);
    stored.keep(response('resp_1'));
    expect(await stored.delete('resp_1', 'key_2')).toBe(false);
    expect(await stored.delete('resp_1', 'key_1')).toBe(true);
    expect(await stored.find('resp_1', 'key_1')).toBeUndefined();
  });
});
