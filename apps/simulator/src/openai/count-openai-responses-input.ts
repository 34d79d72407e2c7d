import { estimateInputTokens } from '../estimate-input-tokens';
import { isRecord } from '../wire/is-record';

function textOf(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let characters = 0;
  for (const part of content) if (isRecord(part) && typeof part.text === 'string') characters += part.text.length;
  return characters;
}

/**
 * The Responses input by the simulator's token rule: `instructions` and a string `input` count as
 * one message each; among input items, messages count their text, function call outputs their
 * output, function calls their arguments (each item one message).
 */
export function countOpenAIResponsesInput(instructions: unknown, input: unknown): number {
  let characters = 0;
  let messages = 0;
  if (typeof instructions === 'string') {
    characters += instructions.length;
    messages++;
  }
  if (typeof input === 'string') {
    characters += input.length;
    messages++;
  } else if (Array.isArray(input)) {
    for (const item of input) {
      if (!isRecord(item)) continue;
      messages++;
      characters += textOf(item.content) + textOf(item.output);
      if (typeof item.arguments === 'string') characters += item.arguments.length;
      if (typeof item.input === 'string') characters += item.input.length;
    }
  }
  return estimateInputTokens(characters, messages);
}
