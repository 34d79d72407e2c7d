import { type AnswerTemplate, buildAnswerTemplate } from './answer-template';
import type { SimulatedProvider } from './simulated-provider';

/**
 * The template one request is answered with: the provider's own, except in a tool-using
 * conversation (`toolCallUntilResult`) whose tool already ran, which gets a text answer instead.
 * `latestToolResult` reads the request only when that mode is on, so plain answers cost nothing.
 */
export function conversationTemplate(provider: SimulatedProvider, latestToolResult: () => string | undefined): AnswerTemplate {
  const behaviour = provider.behaviour;
  if (behaviour.toolCall === undefined || behaviour.toolCallUntilResult !== true) return provider.template;
  const result = latestToolResult();
  if (result === undefined) return provider.template;
  return buildAnswerTemplate(provider.id, {
    ...behaviour,
    toolCall: undefined,
    text: behaviour.text ?? `The tool returned: ${result}`,
  });
}
