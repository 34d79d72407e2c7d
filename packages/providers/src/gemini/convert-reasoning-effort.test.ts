import { describe, expect, it } from 'vitest';
import { convertReasoningEffort } from './convert-reasoning-effort';

describe('convertReasoningEffort', () => {
  it('gives Gemini 2.5 the budgets of Google’s OpenAI compatibility layer, with thought summaries', () => {
    expect(convertReasoningEffort('low', false)).toEqual({ includeThoughts: true, thinkingBudget: 1024 });
    expect(convertReasoningEffort('medium', false)).toEqual({ includeThoughts: true, thinkingBudget: 8192 });
    expect(convertReasoningEffort('high', false)).toEqual({ includeThoughts: true, thinkingBudget: 24_576 });
    expect(convertReasoningEffort('none', false)).toEqual({ thinkingBudget: 0 });
  });

  it('gives Gemini 3 a level, never a budget', () => {
    expect(convertReasoningEffort('minimal', true)).toEqual({ includeThoughts: true, thinkingLevel: 'low' });
    expect(convertReasoningEffort('low', true)).toEqual({ includeThoughts: true, thinkingLevel: 'low' });
    expect(convertReasoningEffort('medium', true)).toEqual({ includeThoughts: true, thinkingLevel: 'high' });
    expect(convertReasoningEffort('high', true)).toEqual({ includeThoughts: true, thinkingLevel: 'high' });
    expect(convertReasoningEffort('none', true)).toEqual({ thinkingLevel: 'low' });
  });

  it('ignores unknown efforts', () => {
    expect(convertReasoningEffort('extreme', false)).toBeUndefined();
  });
});
