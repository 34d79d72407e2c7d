import type { AnswerTemplate } from '../answer-template';
import type { UsageSent } from '../recorded-request';
import type { SimulatedBehaviour } from '../simulated-behaviour';

/**
 * The usage one answer reports: the behaviour's overrides, else the estimate from the request.
 * `promptCacheRead` is the played prompt cache's answer (behaviour.promptCache), when it runs.
 */
export function buildUsage(
  behaviour: SimulatedBehaviour,
  template: AnswerTemplate,
  estimatedInputTokens: number,
  promptCacheRead?: () => number,
): UsageSent {
  const inputTokens = behaviour.inputTokens ?? estimatedInputTokens;
  const cached = behaviour.cachedInputTokens ?? (behaviour.promptCache && promptCacheRead ? promptCacheRead() : 0);
  return {
    inputTokens,
    outputTokens: template.outputTokens,
    cachedInputTokens: Math.min(cached, inputTokens),
    reasoningTokens: template.reasoningTokens,
  };
}
