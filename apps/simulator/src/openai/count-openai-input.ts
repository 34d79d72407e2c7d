import { estimateInputTokens } from '../estimate-input-tokens';
import { isRecord } from '../wire/is-record';

/** Characters of every message's text content (string content, or the text parts of an array). */
export function countOpenAIInput(messages: unknown[]): number {
  let characters = 0;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const content = message.content;
    if (typeof content === 'string') characters += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) if (isRecord(part) && typeof part.text === 'string') characters += part.text.length;
    }
  }
  return estimateInputTokens(characters, messages.length);
}
