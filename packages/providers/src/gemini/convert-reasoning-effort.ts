import type { GeminiThinkingConfig } from './gemini-api';

// Google's own OpenAI compatibility layer maps low/medium/high to these budgets and none to 0.
// A Map: the effort is the client's string, and `constructor` must not find Object's.
const THINKING_BUDGETS = new Map<string, number>([
  ['none', 0],
  ['minimal', 1024],
  ['low', 1024],
  ['medium', 8192],
  ['high', 24_576],
]);

/**
 * OpenAI's `reasoning_effort` as a Gemini thinkingConfig. Gemini 3 (`thinkingLevels`) takes a
 * level, and only low and high exist on every Gemini 3 model. A client asking for reasoning gets
 * the thought summaries too, as `reasoning_content`, unless it turned thinking off.
 */
export function convertReasoningEffort(effort: string, thinkingLevels: boolean): GeminiThinkingConfig | undefined {
  const budget = THINKING_BUDGETS.get(effort);
  if (budget === undefined) return undefined;
  if (thinkingLevels) {
    const level = effort === 'medium' || effort === 'high' ? 'high' : 'low';
    return effort === 'none' ? { thinkingLevel: level } : { includeThoughts: true, thinkingLevel: level };
  }
  return effort === 'none' ? { thinkingBudget: 0 } : { includeThoughts: true, thinkingBudget: budget };
}
