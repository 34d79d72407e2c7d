import { estimateInputTokens } from '../estimate-input-tokens';
import { isRecord } from '../wire/is-record';

/** Text characters of a string or of an array of content blocks (tool results included). */
function contentCharacters(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let characters = 0;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') characters += block.text.length;
    else if (block.type === 'tool_result') characters += contentCharacters(block.content);
  }
  return characters;
}

/** The system prompt counts as one more message. */
export function countAnthropicInput(system: unknown, messages: unknown[]): number {
  let characters = contentCharacters(system);
  for (const message of messages) if (isRecord(message)) characters += contentCharacters(message.content);
  const hasSystem = system !== undefined && system !== null && system !== '';
  return estimateInputTokens(characters, messages.length + (hasSystem ? 1 : 0));
}
