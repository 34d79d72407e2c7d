import { isRecord } from '../wire/is-record';

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block) => (isRecord(block) && typeof block.text === 'string' ? block.text : '')).join('');
}

/** The text of the last `tool_result` block, or undefined when the conversation has none. */
export function latestAnthropicToolResult(messages: unknown[]): string | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (!isRecord(message) || !Array.isArray(message.content)) continue;
    for (let blockIndex = message.content.length - 1; blockIndex >= 0; blockIndex--) {
      const block = message.content[blockIndex];
      if (isRecord(block) && block.type === 'tool_result') return resultText(block.content);
    }
  }
  return undefined;
}
