import { type BedrockAnswer, bedrockUsage, SIMULATED_REASONING_SIGNATURE } from './bedrock-answer';

/** A whole Converse answer: `output.message.content`, `stopReason`, `usage`, `metrics`. */
export function bedrockConverseResponse(answer: BedrockAnswer): string {
  const { template } = answer;
  const content: unknown[] = [];
  if (answer.thinking && template.reasoning !== undefined) {
    content.push({ reasoningContent: { reasoningText: { text: template.reasoning, signature: SIMULATED_REASONING_SIGNATURE } } });
  }
  if (template.toolCall) {
    content.push({ toolUse: { toolUseId: answer.toolUseId, name: template.toolCall.name, input: template.toolCall.arguments } });
  } else {
    content.push({ text: template.text });
  }
  return JSON.stringify({
    output: { message: { role: 'assistant', content } },
    stopReason: template.toolCall ? 'tool_use' : 'end_turn',
    usage: bedrockUsage(answer.usage),
    metrics: { latencyMs: 1 },
  });
}
