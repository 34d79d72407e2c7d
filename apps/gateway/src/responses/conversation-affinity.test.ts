import { describe, expect, it } from 'vitest';
import { ConversationAffinity } from './conversation-affinity';
import { conversationKeys, responseKey } from './conversation-keys';

describe('ConversationAffinity', () => {
  it('finds the account under any name of the conversation, first name first', () => {
    const affinity = new ConversationAffinity();
    affinity.remember(['a', 'b'], { providerId: 'openai', keyId: 'pk_1' });
    affinity.remember(['c'], { providerId: 'azure', keyId: 'pk_2' });
    expect(affinity.find(['x', 'b'])).toEqual({ providerId: 'openai', keyId: 'pk_1' });
    expect(affinity.find(['c', 'a'])).toEqual({ providerId: 'azure', keyId: 'pk_2' });
    expect(affinity.find(['x'])).toBeUndefined();
  });

  it('stays bounded, dropping the least recently used first', () => {
    const affinity = new ConversationAffinity(2);
    affinity.remember(['a'], { providerId: 'p1', keyId: undefined });
    affinity.remember(['b'], { providerId: 'p2', keyId: undefined });
    affinity.find(['a']);
    affinity.remember(['c'], { providerId: 'p3', keyId: undefined });
    expect(affinity.size).toBe(2);
    expect(affinity.find(['b'])).toBeUndefined();
    expect(affinity.find(['a'])?.providerId).toBe('p1');
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
