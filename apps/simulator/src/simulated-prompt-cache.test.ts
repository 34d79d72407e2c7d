import { describe, expect, it } from 'vitest';
import { SimulatedPromptCache } from './simulated-prompt-cache';

const tokens = (count: number) => count * 10;

describe('SimulatedPromptCache', () => {
  it('reports the longest leading run of messages this key sent before as cached', () => {
    const cache = new SimulatedPromptCache();
    const turn1 = ['system', 'user 1'];
    const turn2 = [...turn1, 'assistant 1', 'user 2'];
    expect(cache.read('key-a', turn1, tokens)).toBe(0);
    expect(cache.read('key-a', turn2, tokens)).toBe(20);
    expect(cache.read('key-a', [...turn2, 'assistant 2', 'user 3'], tokens)).toBe(40);
    // Another key (another account) has its own cache; a changed first message is a miss.
    expect(cache.read('key-b', turn2, tokens)).toBe(0);
    expect(cache.read('key-a', ['other system', 'user 1'], tokens)).toBe(0);
  });
});
