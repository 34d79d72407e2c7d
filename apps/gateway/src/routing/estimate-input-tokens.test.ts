import { describe, expect, it } from 'vitest';
import { estimateChatInputTokens, inputUpperBound, measureInputSize } from './estimate-input-tokens';

describe('inputUpperBound', () => {
  it('bounds text by its UTF-8 bytes, so scripts of three bytes a character are not undercounted', () => {
    const chinese = '你'.repeat(3_000);
    const messages = [{ role: 'user' as const, content: chinese }];
    const size = measureInputSize(messages);
    expect(size.bytes).toBeGreaterThanOrEqual(9_000);
    expect(inputUpperBound(size, 'openai-compatible', 'deepseek-v4-flash')).toBeGreaterThanOrEqual(9_000);
    // The routing estimate stays the cheap one (a quarter token a character).
    expect(estimateChatInputTokens(messages, undefined)).toBeLessThan(1_000);
  });

  it('counts each image at its provider documented maximum, never its base64 bytes', () => {
    const size = measureInputSize([
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}` } }],
      },
    ]);
    expect(size).toMatchObject({ images: 1 });
    expect(size.bytes).toBeLessThan(100);
    const text = size.bytes + 16;
    expect(inputUpperBound(size, 'anthropic', 'claude-sonnet-4-5')).toBe(text + 1_600);
    expect(inputUpperBound(size, 'gemini', 'gemini-2.5-pro')).toBe(text + 4_128);
    expect(inputUpperBound(size, 'openai-compatible', 'gpt-4o')).toBe(text + 2_642);
    expect(inputUpperBound(size, 'openai-compatible', 'gpt-4o-mini')).toBe(text + 48_169);
  });

  it('counts files by their bytes plus a page image for each page a provider takes', () => {
    const size = measureInputSize([
      {
        role: 'user',
        content: [{ type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${'B'.repeat(1_000)}` } }],
      },
    ]);
    expect(size.files).toBe(1);
    expect(size.fileBytes).toBeGreaterThan(1_000);
    expect(inputUpperBound(size, 'anthropic', 'claude')).toBeGreaterThanOrEqual(size.fileBytes + 100 * 1_600);
  });

  it('notices an Anthropic cache write anywhere in a native body', () => {
    const size = measureInputSize({
      system: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(size.cacheWrite).toBe(true);
    expect(measureInputSize({ messages: [{ role: 'user', content: 'hi' }] }).cacheWrite).toBe(false);
  });
});
