import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from './estimate-text-tokens';

describe('estimateTextTokens', () => {
  it('counts tokens with a real tokenizer, not characters divided by four', async () => {
    // "Hello world" is two tokens in o200k; 11 characters / 4 would say 3.
    expect(await estimateTextTokens('Hello world', 11)).toBe(2);
    // Long runs of one character compress into few tokens; digits do not.
    expect(await estimateTextTokens('a'.repeat(64), 64)).toBeLessThan(16);
  });

  it('scales a sample to the whole text, and needs no sample to say nothing was delivered', async () => {
    const sample = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    const sampleTokens = await estimateTextTokens(sample, sample.length);
    expect(await estimateTextTokens(sample, sample.length * 3)).toBe(sampleTokens * 3);
    expect(await estimateTextTokens('', 0)).toBe(0);
    expect(await estimateTextTokens('', 40)).toBe(10);
  });
});
