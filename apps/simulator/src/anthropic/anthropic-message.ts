import { type AnthropicAnswer, SIMULATED_THINKING_SIGNATURE } from './anthropic-answer';
import { anthropicUsage } from './anthropic-usage';

/** The whole `message` body of `POST /v1/messages`. */
export function anthropicMessage(answer: AnthropicAnswer): string {
  const { template } = answer;
  const content: Record<string, unknown>[] = [];
  if (template.reasoning !== undefined) {
    content.push({ type: 'thinking', thinking: template.reasoning, signature: SIMULATED_THINKING_SIGNATURE });
  }
  if (template.toolCall) {
    content.push({ type: 'tool_use', id: answer.toolUseId, name: template.toolCall.name, input: template.toolCall.arguments });
  } else {
    content.push({ type: 'text', text: template.text });
  }
  return JSON.stringify({
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    stop_reason: template.toolCall ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(answer.usage, answer.usage.outputTokens),
  });
}
