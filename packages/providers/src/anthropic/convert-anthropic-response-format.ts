import { type ChatCompletionRequest, invalidRequest } from '@switchboard/protocol';
import type { AnthropicOutputConfig } from './anthropic-api';

/** Said to Claude for `json_object`, which names no schema that structured outputs could enforce. */
export const JSON_OBJECT_INSTRUCTION = 'Respond with a single valid JSON object and nothing else: no prose, no code fences.';

export interface AnthropicResponseFormat {
  output_config?: AnthropicOutputConfig;
  /** Appended to the system prompt. */
  systemInstruction?: string;
}

/**
 * OpenAI `response_format` -> Claude's structured output.
 *
 * `json_schema` becomes Anthropic's native structured outputs (`output_config.format`), not a
 * forced tool: the answer then arrives as an ordinary text block holding the JSON, exactly where
 * OpenAI puts it (`message.content`), so neither the whole-answer converter nor the stream
 * decoders need a rewrite of tool_use back into text, and a forced tool_choice (which Anthropic
 * refuses beside extended thinking) is not needed. `json_object` has no schema, and structured
 * outputs can only enforce closed schemas (`additionalProperties: false`), so it becomes an
 * instruction in the system prompt. `text` is the default and needs nothing.
 */
export function convertAnthropicResponseFormat(format: ChatCompletionRequest['response_format']): AnthropicResponseFormat {
  if (format === undefined || format === null || format.type === 'text') return {};
  if (format.type === 'json_object') return { systemInstruction: JSON_OBJECT_INSTRUCTION };
  if (format.type === 'json_schema') {
    const definition = format.json_schema;
    const schema = definition && typeof definition === 'object' ? (definition as { schema?: unknown }).schema : undefined;
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
      throw invalidRequest("'response_format' of type 'json_schema' needs a 'json_schema.schema' object.", 'response_format');
    }
    return { output_config: { format: { type: 'json_schema', schema: schema as Record<string, unknown> } } };
  }
  throw invalidRequest("'response_format' type must be 'text', 'json_object' or 'json_schema'.", 'response_format');
}
