import type { GeminiAnswer } from './gemini-answer';
import { geminiUsageMetadata } from './gemini-usage-metadata';

/** The whole `GenerateContentResponse`. */
export function geminiGenerateResponse(answer: GeminiAnswer): string {
  const { template } = answer;
  const parts: Record<string, unknown>[] = [];
  if (answer.includeThoughts && template.reasoning !== undefined) parts.push({ text: template.reasoning, thought: true });
  if (template.toolCall) parts.push({ functionCall: { name: template.toolCall.name, args: template.toolCall.arguments } });
  else parts.push({ text: template.text });
  return JSON.stringify({
    candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: geminiUsageMetadata(answer.usage),
    modelVersion: answer.model,
    responseId: answer.responseId,
  });
}
