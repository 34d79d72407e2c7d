import { type ChatCompletionRequest, invalidRequest } from '@switchboard/protocol';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api';

export interface AnthropicToolSettings {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

/** OpenAI `tools`, `tool_choice` and `parallel_tool_calls` -> Anthropic `tools` and `tool_choice`. */
export function prepareAnthropicTools(
  request: Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>,
): AnthropicToolSettings {
  // Anthropic rejects a tool_choice without tools, and without tools there is nothing to choose.
  if (!request.tools || request.tools.length === 0) return {};
  const tools = request.tools.map((tool, index): AnthropicTool => {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw invalidRequest('Only function tools are supported by Anthropic.', `tools[${index}]`);
    }
    const converted: AnthropicTool = {
      name: tool.function.name,
      // input_schema is required; a function without parameters takes an empty object.
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    };
    if (tool.function.description !== undefined) converted.description = tool.function.description;
    return converted;
  });
  const toolChoice = convertToolChoice(request.tool_choice, request.parallel_tool_calls === false);
  return toolChoice ? { tools, tool_choice: toolChoice } : { tools };
}

function convertToolChoice(
  choice: ChatCompletionRequest['tool_choice'],
  disableParallel: boolean,
): AnthropicToolChoice | undefined {
  const parallel = disableParallel ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return disableParallel ? { type: 'auto', ...parallel } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...parallel };
  if (choice === 'required') return { type: 'any', ...parallel };
  if (typeof choice === 'object' && choice !== null && typeof choice.function?.name === 'string') {
    return { type: 'tool', name: choice.function.name, ...parallel };
  }
  throw invalidRequest("'tool_choice' must be 'none', 'auto', 'required' or a named function.", 'tool_choice');
}
