import { invalidRequest, type NeutralReasoning } from '@switchboard/protocol';
import type { AnthropicThinkingConfig } from './anthropic-api';

/** Anthropic's smallest thinking budget. */
export const ANTHROPIC_MINIMUM_THINKING_BUDGET = 1024;

/** Thinking budgets for OpenAI's effort scale, growing about four times a step. */
// A Map: the effort is the client's string, and `constructor` must not find Object's.
const BUDGET_BY_EFFORT = new Map<string, number>([
  ['minimal', ANTHROPIC_MINIMUM_THINKING_BUDGET],
  ['low', 2048],
  ['medium', 8192],
  ['high', 16_384],
  ['xhigh', 32_768],
]);

export interface AnthropicThinkingSettings {
  thinking?: AnthropicThinkingConfig;
  max_tokens: number;
}

function budgetFor(reasoning: NeutralReasoning | undefined, effort: unknown): number | undefined {
  // What the surface asked for wins over the Chat Completions field it was decoded beside.
  if (reasoning !== undefined) {
    if (!reasoning.enabled) return undefined;
    if (reasoning.budgetTokens !== undefined) return Math.max(ANTHROPIC_MINIMUM_THINKING_BUDGET, reasoning.budgetTokens);
    return BUDGET_BY_EFFORT.get(reasoning.effort ?? 'medium');
  }
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  const budget = typeof effort === 'string' ? BUDGET_BY_EFFORT.get(effort) : undefined;
  if (budget === undefined) {
    throw invalidRequest(
      "'reasoning_effort' must be one of 'none', 'minimal', 'low', 'medium', 'high', 'xhigh'.",
      'reasoning_effort',
    );
  }
  return budget;
}

/**
 * `reasoning_effort` or the neutral request's reasoning -> `thinking: {type: "enabled",
 * budget_tokens}`. Anthropic's `max_tokens` counts thinking and answer together and must exceed
 * the budget, so a `max_tokens` at or below the budget becomes the answer's room on top of it.
 */
export function convertToAnthropicThinking(
  reasoning: NeutralReasoning | undefined,
  effort: unknown,
  maxTokens: number,
): AnthropicThinkingSettings {
  const budget = budgetFor(reasoning, effort);
  if (budget === undefined) return { max_tokens: maxTokens };
  return {
    thinking: { type: 'enabled', budget_tokens: budget },
    max_tokens: maxTokens > budget ? maxTokens : budget + maxTokens,
  };
}
