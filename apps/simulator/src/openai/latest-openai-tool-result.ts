import { isRecord } from '../wire/is-record';

/** The text of the last `role: "tool"` message, or undefined when the conversation has none. */
export function latestOpenAIToolResult(messages: unknown[]): string | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (!isRecord(message) || message.role !== 'tool') continue;
    const content = message.content;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) return '';
    return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  return undefined;
}
