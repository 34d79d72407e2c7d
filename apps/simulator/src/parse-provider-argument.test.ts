import { describe, expect, it } from 'vitest';
import { parseProviderArguments } from './parse-provider-argument';

describe('parseProviderArguments', () => {
  it('reads repeated --provider id:format in both spellings', () => {
    expect(parseProviderArguments(['--provider', 'deepseek:openai', '--provider=claude:anthropic'])).toEqual([
      { id: 'deepseek', format: 'openai' },
      { id: 'claude', format: 'anthropic' },
    ]);
  });

  it('refuses unknown formats, missing values and stray arguments', () => {
    expect(() => parseProviderArguments(['--provider', 'x:cohere'])).toThrow(/format one of/);
    expect(() => parseProviderArguments(['--provider'])).toThrow(/needs a value/);
    expect(() => parseProviderArguments(['--port', '1'])).toThrow(/unknown argument/);
  });
});
