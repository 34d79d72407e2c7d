import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';
import type { SimulatedBehaviour } from '../simulated-behaviour';

/** The usage one answer reports: the behaviour's overrides, else the estimate from the request. */
export function buildUsage(behaviour: SimulatedBehaviour, template: AnswerTemplate, estimatedInputTokens: number): UsageSent {
  const inputTokens = behaviour.inputTokens ?? estimatedInputTokens;
  return {
    inputTokens,
    outputTokens: template.outputTokens,
    cachedInputTokens: Math.min(behaviour.cachedInputTokens ?? 0, inputTokens),
    reasoningTokens: template.reasoningTokens,
  };
}
