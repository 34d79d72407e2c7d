import { describe, expect, it } from 'vitest';
import { matchesPattern } from './matches-pattern';

describe('matchesPattern', () => {
  it.each([
    ['gpt-4o', 'gpt-4o', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['gpt-4o', 'GPT-4o', false],
    ['gpt-4o*', 'gpt-4o', true],
    ['gpt-4o*', 'gpt-4o-mini', true],
    ['gpt-4o*', 'gpt-4', false],
    ['deepseek/*', 'deepseek/deepseek-chat', true],
    ['deepseek/*', 'deepseek', false],
    ['deepseek/*', 'openai/deepseek/x', false],
    ['*', '', true],
    ['*', 'anything/at/all', true],
    ['', '', true],
    ['', 'x', false],
    ['*/gpt-*', 'openai/gpt-4o', true],
    ['*/gpt-*', 'azure/gpt-4o-mini', true],
    ['*/gpt-*', 'openai/o1', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['a*b*c', 'acb', false],
    ['*mini', 'gpt-4o-mini', true],
    ['*mini', 'gpt-4o-mini-2024', false],
    ['a**b', 'ab', true],
    ['.+', 'aa', false],
    ['gpt-4?', 'gpt-4o', false],
    ['gpt-4?', 'gpt-4?', true],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(matchesPattern(pattern, text)).toBe(expected);
  });

  it('stays fast on inputs that make backtracking regular expressions explode', () => {
    const started = performance.now();
    expect(matchesPattern(`${'*a'.repeat(50)}b`, 'a'.repeat(5_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
