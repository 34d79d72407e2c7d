import { estimateInputTokens } from '../estimate-input-tokens';
import { isRecord } from '../wire/is-record';

function partsCharacters(content: unknown): number {
  if (!isRecord(content) || !Array.isArray(content.parts)) return 0;
  let characters = 0;
  for (const part of content.parts) if (isRecord(part) && typeof part.text === 'string') characters += part.text.length;
  return characters;
}

/** The system instruction counts as one more message. */
export function countGeminiInput(systemInstruction: unknown, contents: unknown[]): number {
  let characters = partsCharacters(systemInstruction);
  for (const content of contents) characters += partsCharacters(content);
  const hasSystem = isRecord(systemInstruction);
  return estimateInputTokens(characters, contents.length + (hasSystem ? 1 : 0));
}
