import { describe, expect, it } from 'vitest';
import { parseModelSuffix } from './parse-model-suffix';

describe('parseModelSuffix', () => {
  it('strips :floor (sort by price) and :nitro (sort by throughput)', () => {
    expect(parseModelSuffix('deepseek-chat:floor')).toEqual({ model: 'deepseek-chat', sort: 'price' });
    expect(parseModelSuffix('openrouter/meta-llama/llama-3.3-70b:nitro')).toEqual({
      model: 'openrouter/meta-llama/llama-3.3-70b',
      sort: 'throughput',
    });
  });

  it('leaves other colons alone: they are part of model ids', () => {
    expect(parseModelSuffix('llama3:8b')).toEqual({ model: 'llama3:8b', sort: undefined });
    expect(parseModelSuffix('meta-llama/llama-3.3-70b:free')).toEqual({
      model: 'meta-llama/llama-3.3-70b:free',
      sort: undefined,
    });
    expect(parseModelSuffix('gpt-4o')).toEqual({ model: 'gpt-4o', sort: undefined });
    expect(parseModelSuffix(':floor')).toEqual({ model: ':floor', sort: undefined });
  });
});
