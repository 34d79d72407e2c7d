import { isRecord } from '../wire/is-record';

/**
 * Anthropic's rule for extended thinking with tools, as its extended-thinking guide documents it:
 * with `thinking` enabled, the last assistant message, when it holds the tool_use blocks of the
 * tool loop under way, must begin with the (signed) thinking block that came with them. The API
 * answers 400 otherwise; the message says which block it found instead.
 */
export function missingThinkingBlock(body: Record<string, unknown>): string | undefined {
  if (!isRecord(body.thinking) || body.thinking.type !== 'enabled' || !Array.isArray(body.messages)) return undefined;
  const messages = body.messages as unknown[];
  let index = messages.length - 1;
  while (index >= 0 && !(isRecord(messages[index]) && (messages[index] as Record<string, unknown>).role === 'assistant')) index--;
  if (index < 0) return undefined;
  const content = (messages[index] as Record<string, unknown>).content;
  if (!Array.isArray(content)) return undefined;
  const usesTools = content.some((block) => isRecord(block) && block.type === 'tool_use');
  const first = content[0];
  const firstType = isRecord(first) ? String(first.type) : 'text';
  if (!usesTools || firstType === 'thinking' || firstType === 'redacted_thinking') return undefined;
  return (
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${firstType}\`. ` +
    'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the ' +
    'lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous ' +
    'turns. To avoid this requirement, disable `thinking`.'
  );
}
