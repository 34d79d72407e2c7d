import { partsFromChatCompletion } from '@switchboard/protocol';
import type { AnswerParts } from '../provider-adapter';
import { convertGeminiResponse, type GeminiResponseContext } from './convert-gemini-response';

/** A whole generateContent answer as parts, through its chat.completion form (first candidate). */
export function geminiAnswerParts(body: string, context: GeminiResponseContext): AnswerParts {
  const { completion, usage } = convertGeminiResponse(body, context);
  return { parts: partsFromChatCompletion(completion, usage), usage };
}
