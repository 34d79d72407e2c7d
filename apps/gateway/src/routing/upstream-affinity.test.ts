import type { ChatMessage } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { conversationKeys, responseKey } from '../responses/conversation-keys';
import { affinityKeys, isContinuing, leadFree } from './affinity-keys';
import { type AffinityEntry, type SharedAffinityStore, UpstreamAffinity } from './upstream-affinity';

describe('UpstreamAffinity', () => {
  it('finds the account under any name of the conversation, first name first', () => {
    const affinity = new UpstreamAffinity();
    affinity.remember(['a', 'b'], { providerId: 'openai', keyId: 'pk_1' });
    affinity.remember(['c'], { providerId: 'azure', keyId: 'pk_2' });
    expect(affinity.find(['x', 'b'])).toEqual({ providerId: 'openai', keyId: 'pk_1', cachedShare: 0 });
    expect(affinity.find(['c', 'a'])).toEqual({ providerId: 'azure', keyId: 'pk_2', cachedShare: 0 });
    expect(affinity.find(['x'])).toBeUndefined();
  });

  it('stays bounded, dropping the least recently used first', () => {
    const affinity = new UpstreamAffinity(2);
    affinity.remember(['a'], { providerId: 'p1', keyId: undefined });
    affinity.remember(['b'], { providerId: 'p2', keyId: undefined });
    affinity.find(['a']);
    affinity.remember(['c'], { providerId: 'p3', keyId: undefined });
    expect(affinity.size).toBe(2);
    expect(affinity.find(['b'])).toBeUndefined();
    expect(affinity.find(['a'])?.providerId).toBe('p1');
  });
});

describe('UpstreamAffinity with a shared store', () => {
  function recordingStore(entries: Map<string, AffinityEntry>) {
    const reads: string[][] = [];
    const store: SharedAffinityStore = {
      async read(keys) {
        reads.push([...keys]);
        for (const key of keys) if (entries.has(key)) return entries.get(key);
        return undefined;
      },
      write(keys, entry) {
        for (const key of keys) entries.set(key, entry);
      },
    };
    return { store, reads };
  }

  it('writes behind, and reads the store only for a continuing conversation missing here', async () => {
    const entries = new Map<string, AffinityEntry>();
    const { store, reads } = recordingStore(entries);
    const first = new UpstreamAffinity(10, store);
    first.remember(['lead'], { providerId: 'p1', keyId: 'pk_1' }, 0.9);
    expect(entries.get('lead')).toEqual({ providerId: 'p1', keyId: 'pk_1', cachedShare: 0.9 });

    const peer = new UpstreamAffinity(10, store);
    expect(await peer.lookup(['lead'], false)).toBeUndefined();
    expect(reads).toEqual([]);
    expect(await peer.lookup(['lead'], true)).toEqual({ providerId: 'p1', keyId: 'pk_1', cachedShare: 0.9 });
    // Kept locally from then on: no second read.
    expect(await peer.lookup(['lead'], true)).toMatchObject({ providerId: 'p1' });
    expect(reads).toEqual([['lead']]);
  });

  it('routes without affinity when the store fails', async () => {
    const failing: SharedAffinityStore = { read: () => Promise.reject(new Error('down')), write() {} };
    expect(await new UpstreamAffinity(10, failing).lookup(['k'], true)).toBeUndefined();
  });
});

describe('affinityKeys', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'Fix the bug.' },
  ];

  it('names the prompt cache key, the session header, the user and the leading messages, per gateway key', () => {
    const keys = affinityKeys(
      'key_1',
      { prompt_cache_key: 'thread-9', user: 'u-1', messages },
      { 'x-claude-code-session-id': 'sess-1', 'x-session-id': 'other' },
    );
    expect(keys.slice(0, 3)).toEqual(['key_1\u0000cache:thread-9', 'key_1\u0000session:sess-1', 'key_1\u0000user:u-1']);
    expect(keys[3]!.startsWith('key_1\u0000lead:')).toBe(true);
    expect(affinityKeys('key_2', { messages }, {})[0]!.startsWith('key_2\u0000lead:')).toBe(true);
  });

  it('gives every turn of a conversation the same lead, and another conversation another', () => {
    const later = [...messages, { role: 'assistant' as const, content: 'Done.' }, { role: 'user' as const, content: 'Thanks.' }];
    expect(affinityKeys('k', { messages: later }, {})).toEqual(affinityKeys('k', { messages }, {}));
    const other = [messages[0]!, { role: 'user' as const, content: 'Write a test.' }];
    expect(affinityKeys('k', { messages: other }, {})).not.toEqual(affinityKeys('k', { messages }, {}));
    expect(isContinuing(messages)).toBe(false);
    expect(isContinuing(later)).toBe(true);
    // A first turn looks up every name but its lead.
    expect(leadFree(affinityKeys('k', { user: 'u', messages }, {}))).toEqual(['k\u0000user:u']);
  });

  it('reads Codex session-id when no other session header is sent, and ignores oversized names', () => {
    expect(affinityKeys('k', {}, { 'session-id': 'codex-1' })).toEqual(['k\u0000session:codex-1']);
    expect(affinityKeys('k', { user: 'x'.repeat(600) }, {})).toEqual([]);
  });
});

describe('conversationKeys', () => {
  it('names the chained response, the prompt cache key and a session header, per gateway key', () => {
    const keys = conversationKeys(
      'key_1',
      { model: 'm', previous_response_id: 'resp_1', prompt_cache_key: 'conversation-7' },
      { session_id: 'codex-session' },
    );
    expect(keys).toEqual([responseKey('key_1', 'resp_1'), 'key_1\u0000cache:conversation-7', 'key_1\u0000session:codex-session']);
    const other = conversationKeys('key_2', { model: 'm', prompt_cache_key: 'conversation-7' }, {});
    expect(other).not.toContain(keys[1]);
  });
});
