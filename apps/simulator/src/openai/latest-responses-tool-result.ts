import { isRecord } from '../wire/is-record';

const TOOL_OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output']);

/**
 * The text of the last tool output item of a Responses `input` (`function_call_output` or
 * `custom_tool_call_output`, whose `output` is a string or a list of content parts), or undefined
 * when the conversation holds none.
 */
export function latestResponsesToolResult(input: unknown): string | undefined {
  if (!Array.isArray(input)) return undefined;
  for (let index = input.length - 1; index >= 0; index--) {
    const item = input[index];
    if (!isRecord(item) || typeof item.type !== 'string' || !TOOL_OUTPUT_TYPES.has(item.type)) continue;
    const output = item.output;
    if (typeof output === 'string') return output;
    if (!Array.isArray(output)) return '';
    return output.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  return undefined;
}
