import { describe, expect, it } from 'vitest';
import { SampledText } from './sampled-text';

describe('SampledText', () => {
  it('counts every character and keeps only the first 16 KiB as a sample', () => {
    const delivered = new SampledText();
    delivered.add('Hello, ');
    delivered.add('world.');
    expect(delivered).toMatchObject({ characters: 13, sample: 'Hello, world.' });
    delivered.add('x'.repeat(20_000));
    delivered.add('tail');
    expect(delivered.characters).toBe(13 + 20_000 + 4);
    expect(delivered.sample.length).toBe(16_384);
    expect(delivered.sample.startsWith('Hello, world.x')).toBe(true);
  });
});
