import { type ChatMessage, type ContentPart, invalidRequest } from '@switchboard/protocol';
import type {
  AnthropicAssistantBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
  AnthropicUserBlock,
} from './anthropic-api';

export interface AnthropicPrompt {
  /** All system and developer messages, joined in order; undefined when there were none. */
  system: string | undefined;
  messages: AnthropicMessage[];
}

/**
 * OpenAI messages -> Anthropic `system` + alternating user/assistant messages. Anthropic rejects
 * two messages of the same role in a row, so neighbours of one role are merged; tool results
 * travel as `tool_result` blocks inside a user message. Input Anthropic cannot express is a
 * client error (400), never silently dropped.
 */
export function convertToAnthropicMessages(messages: ChatMessage[]): AnthropicPrompt {
  const system: string[] = [];
  const converted: AnthropicMessage[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = systemText(message.content, param);
        if (text.length > 0) system.push(text);
        break;
      }
      case 'user':
        append(converted, { role: 'user', content: contentBlocks(message.content, param) });
        break;
      case 'assistant':
        append(converted, { role: 'assistant', content: assistantBlocks(message, param) });
        break;
      case 'tool':
        append(converted, { role: 'user', content: [toolResult(message, param)] });
        break;
      default:
        throw invalidRequest(`The '${message.role}' role is not supported by Anthropic; use tools instead.`, `${param}.role`);
    }
  });
  for (const message of converted) {
    if (message.role === 'user') message.content = toolResultsFirst(message.content);
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: converted };
}

function append(messages: AnthropicMessage[], next: AnthropicMessage): void {
  if (next.content.length === 0) return;
  const last = messages.at(-1);
  if (last?.role === 'user' && next.role === 'user') last.content.push(...next.content);
  else if (last?.role === 'assistant' && next.role === 'assistant') last.content.push(...next.content);
  else messages.push(next);
}

// Anthropic requires the tool results of a user turn to come before any other block in it.
function toolResultsFirst(blocks: AnthropicUserBlock[]): AnthropicUserBlock[] {
  return [...blocks.filter((block) => block.type === 'tool_result'), ...blocks.filter((block) => block.type !== 'tool_result')];
}

function systemText(content: ChatMessage['content'], param: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, partIndex) => {
      if (isTextPart(part)) return part.text;
      throw unsupportedPart(part, `${param}.content[${partIndex}]`);
    })
    .join('\n');
}

function contentBlocks(content: ChatMessage['content'], param: string): Array<AnthropicTextBlock | AnthropicImageBlock> {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const blocks: Array<AnthropicTextBlock | AnthropicImageBlock> = [];
  content.forEach((part, partIndex) => {
    const partParam = `${param}.content[${partIndex}]`;
    if (isTextPart(part)) {
      // Anthropic rejects empty text blocks.
      if (part.text.length > 0) blocks.push({ type: 'text', text: part.text });
    } else if (isImagePart(part)) {
      blocks.push(imageBlock(part.image_url.url, partParam));
    } else {
      throw unsupportedPart(part, partParam);
    }
  });
  return blocks;
}

function assistantBlocks(message: ChatMessage, param: string): AnthropicAssistantBlock[] {
  const blocks: AnthropicAssistantBlock[] = [];
  const { content } = message;
  if (typeof content === 'string') {
    if (content.length > 0) blocks.push({ type: 'text', text: content });
  } else if (Array.isArray(content)) {
    content.forEach((part, partIndex) => {
      // An earlier refusal is part of the conversation; Anthropic has no refusal block.
      const text = isTextPart(part)
        ? part.text
        : part.type === 'refusal' && typeof part.refusal === 'string'
          ? part.refusal
          : undefined;
      if (text === undefined) throw unsupportedPart(part, `${param}.content[${partIndex}]`);
      if (text.length > 0) blocks.push({ type: 'text', text });
    });
  }
  message.tool_calls?.forEach((call, callIndex) => {
    blocks.push(toolUse(call.id, call.function.name, call.function.arguments, `${param}.tool_calls[${callIndex}]`));
  });
  return blocks;
}

function toolUse(id: string, name: string, argumentsText: string, param: string): AnthropicToolUseBlock {
  return { type: 'tool_use', id: toolUseId(id), name, input: parseArguments(argumentsText, `${param}.function.arguments`) };
}

// Anthropic accepts only [a-zA-Z0-9_-] in tool ids, but a conversation may carry ids minted by
// another provider (`functions.get_weather:0`); both ends of a call are rewritten alike.
function toolUseId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

// Anthropic wants the tool input as an object, where OpenAI carries it as a JSON string.
function parseArguments(argumentsText: string, param: string): Record<string, unknown> {
  if (argumentsText.trim().length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsText);
  } catch {
    throw invalidRequest('Tool call arguments must be valid JSON.', param);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest('Tool call arguments must be a JSON object.', param);
  }
  return parsed as Record<string, unknown>;
}

function toolResult(message: ChatMessage, param: string): AnthropicToolResultBlock {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id.length === 0) {
    throw invalidRequest("A 'tool' message needs 'tool_call_id'.", `${param}.tool_call_id`);
  }
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: toolUseId(message.tool_call_id) };
  const { content } = message;
  if (typeof content === 'string') {
    if (content.length > 0) block.content = content;
  } else {
    const blocks = contentBlocks(content, param);
    if (blocks.length > 0) block.content = blocks;
  }
  return block;
}

function imageBlock(url: string, param: string): AnthropicImageBlock {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const header = comma === -1 ? [] : url.slice('data:'.length, comma).split(';');
    const mediaType = header[0];
    if (!mediaType || !header.includes('base64')) {
      throw invalidRequest('Image data URLs must be base64 encoded (data:<media type>;base64,...).', `${param}.image_url.url`);
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: url.slice(comma + 1) } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalidRequest('Image URLs must be http(s) or base64 data URLs.', `${param}.image_url.url`);
}

function isTextPart(part: ContentPart): part is { type: 'text'; text: string } {
  return part.type === 'text' && typeof part.text === 'string';
}

function isImagePart(part: ContentPart): part is { type: 'image_url'; image_url: { url: string } } {
  if (part.type !== 'image_url' || typeof part.image_url !== 'object' || part.image_url === null) return false;
  return typeof (part.image_url as { url?: unknown }).url === 'string';
}

function unsupportedPart(part: ContentPart, param: string) {
  return invalidRequest(`Content parts of type '${String(part.type)}' are not supported by Anthropic here.`, param);
}
