import {
  type ChatCompletionRequest,
  type ChatMessage,
  type ContentPart,
  invalidRequest,
  type NeutralReasoning,
} from '@switchboard/protocol';
import { convertAnthropicResponseFormat } from '../anthropic/convert-anthropic-response-format';
import { convertToAnthropicThinking } from '../anthropic/convert-to-anthropic-thinking';
import { rejectUnhonouredChoices } from '../reject-unhonoured-choices';
import type {
  BedrockContentBlock,
  BedrockConverseRequest,
  BedrockImageFormat,
  BedrockMessage,
  BedrockSystemBlock,
  BedrockToolChoice,
  BedrockToolResultContent,
} from './bedrock-api';

const CACHE_POINT = { cachePoint: { type: 'default' } } as const;
const IMAGE_FORMATS: Record<string, BedrockImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Claude on Bedrock (a model id or inference profile naming `anthropic.claude`). */
export function isBedrockClaude(upstreamModel: string): boolean {
  return /(^|\.)anthropic\.claude/.test(upstreamModel);
}

/**
 * The OpenAI chat request -> the body of Converse / ConverseStream (the model is in the URL, not
 * the body). Cache points: a content part or message carrying `cache_control` (the convention
 * OpenAI-shaped clients use for Anthropic's prompt caching) puts a `cachePoint` block after it.
 * Input Converse cannot express (image URLs: Converse takes bytes only) is a client error.
 */
export function convertToBedrockRequest(
  request: ChatCompletionRequest,
  upstreamModel: string,
  reasoning?: NeutralReasoning,
): BedrockConverseRequest {
  rejectUnhonouredChoices(request, 'Bedrock');
  const system: BedrockSystemBlock[] = [];
  const messages: BedrockMessage[] = [];
  request.messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const block of contentBlocks(message, param)) {
          if (block.text !== undefined) system.push({ text: block.text });
          else if (block.cachePoint) system.push(CACHE_POINT);
          else throw invalidRequest('System messages take text only on Bedrock.', `${param}.content`);
        }
        break;
      case 'user':
        append(messages, { role: 'user', content: contentBlocks(message, param) });
        break;
      case 'assistant':
        append(messages, { role: 'assistant', content: assistantBlocks(message, param) });
        break;
      case 'tool':
        append(messages, { role: 'user', content: [toolResult(message, param)] });
        break;
      default:
        throw invalidRequest(`The '${message.role}' role is not supported by Bedrock; use tools instead.`, `${param}.role`);
    }
  });

  const responseFormat = convertAnthropicResponseFormat(
    request.response_format?.type === 'json_schema' ? { type: 'json_object' } : request.response_format,
  );
  if (responseFormat.systemInstruction) system.push({ text: responseFormat.systemInstruction });

  const body: BedrockConverseRequest = { messages };
  if (system.length > 0) body.system = system;
  const inference: NonNullable<BedrockConverseRequest['inferenceConfig']> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  // Claude takes Anthropic's `thinking` through `additionalModelRequestFields`.
  const thinking = isBedrockClaude(upstreamModel)
    ? convertToAnthropicThinking(reasoning, request.reasoning_effort, maxTokens ?? 4096)
    : undefined;
  if (thinking?.thinking) {
    // As on Anthropic's API: thinking stays off for a tool-result turn whose assistant turn has no
    // signed reasoning block (a chat-shaped conversation never carries one), which Claude refuses.
    if (!inUnsignedToolLoop(messages)) body.additionalModelRequestFields = { thinking: thinking.thinking };
    inference.maxTokens = thinking.max_tokens;
  } else if (typeof maxTokens === 'number') inference.maxTokens = maxTokens;
  // With thinking on, Claude refuses temperature (and top_p below 0.95), as on Anthropic's API.
  const thinkingOn = body.additionalModelRequestFields !== undefined;
  if (typeof request.temperature === 'number' && !thinkingOn) inference.temperature = request.temperature;
  if (typeof request.top_p === 'number' && (!thinkingOn || request.top_p >= 0.95)) inference.topP = request.top_p;
  const stops = (typeof request.stop === 'string' ? [request.stop] : (request.stop ?? [])).filter((stop) => stop.length > 0);
  if (stops.length > 0) inference.stopSequences = stops;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;

  const toolConfig = convertTools(request, messages);
  if (toolConfig) body.toolConfig = toolConfig;
  return body;
}

function inUnsignedToolLoop(messages: readonly BedrockMessage[]): boolean {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'assistant') return message.content.some((block) => block.toolUse !== undefined);
  }
  return false;
}

function append(messages: BedrockMessage[], next: BedrockMessage): void {
  if (next.content.length === 0) return;
  const last = messages.at(-1);
  // Converse, like Anthropic, wants user and assistant turns to alternate.
  if (last?.role === next.role) last.content.push(...next.content);
  else messages.push(next);
}

function hasCacheControl(holder: { cache_control?: unknown }): boolean {
  return holder.cache_control !== undefined && holder.cache_control !== null;
}

function contentBlocks(message: ChatMessage, param: string): BedrockContentBlock[] {
  const blocks: BedrockContentBlock[] = [];
  const { content } = message;
  if (typeof content === 'string') {
    if (content.length > 0) blocks.push({ text: content });
  } else if (Array.isArray(content)) {
    content.forEach((part, partIndex) => {
      const partParam = `${param}.content[${partIndex}]`;
      if (isTextPart(part)) {
        if (part.text.length > 0) blocks.push({ text: part.text });
      } else if (isImagePart(part)) {
        blocks.push({ image: imageBlock(part.image_url.url, partParam) });
      } else {
        throw invalidRequest(`Content parts of type '${String(part.type)}' are not supported by Bedrock here.`, partParam);
      }
      if (hasCacheControl(part as { cache_control?: unknown })) blocks.push(CACHE_POINT);
    });
  }
  if (hasCacheControl(message as { cache_control?: unknown }) && blocks.length > 0) blocks.push(CACHE_POINT);
  return blocks;
}

function assistantBlocks(message: ChatMessage, param: string): BedrockContentBlock[] {
  const blocks = contentBlocks(
    // An earlier refusal is part of the conversation; Converse has no refusal block.
    Array.isArray(message.content)
      ? {
          ...message,
          content: message.content.map((part) =>
            part.type === 'refusal' && typeof part.refusal === 'string' ? { type: 'text', text: part.refusal } : part,
          ),
        }
      : message,
    param,
  );
  message.tool_calls?.forEach((call, callIndex) => {
    blocks.push({
      toolUse: {
        toolUseId: toolUseId(call.id),
        name: call.function.name,
        input: parseArguments(call.function.arguments, `${param}.tool_calls[${callIndex}].function.arguments`),
      },
    });
  });
  return blocks;
}

// Bedrock takes tool use ids of [a-zA-Z0-9_-]; ids minted elsewhere are rewritten at both ends.
function toolUseId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

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

function toolResult(message: ChatMessage, param: string): BedrockContentBlock {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id.length === 0) {
    throw invalidRequest("A 'tool' message needs 'tool_call_id'.", `${param}.tool_call_id`);
  }
  const content = contentBlocks(message, param).flatMap((block): BedrockToolResultContent[] =>
    block.text !== undefined ? [{ text: block.text }] : block.image ? [{ image: block.image }] : [],
  );
  // Converse refuses a tool result without content.
  return { toolResult: { toolUseId: toolUseId(message.tool_call_id), content: content.length > 0 ? content : [{ text: '' }] } };
}

function imageBlock(url: string, param: string): NonNullable<BedrockContentBlock['image']> {
  if (!url.startsWith('data:')) {
    throw invalidRequest(
      'Bedrock takes images as base64 data URLs only (data:<media type>;base64,...).',
      `${param}.image_url.url`,
    );
  }
  const comma = url.indexOf(',');
  const header = comma === -1 ? [] : url.slice('data:'.length, comma).split(';');
  const format = IMAGE_FORMATS[(header[0] ?? '').toLowerCase()];
  if (!format || !header.includes('base64')) {
    throw invalidRequest('Bedrock takes base64 PNG, JPEG, GIF or WebP images.', `${param}.image_url.url`);
  }
  return { format, source: { bytes: url.slice(comma + 1) } };
}

function convertTools(request: ChatCompletionRequest, messages: BedrockMessage[]): BedrockConverseRequest['toolConfig'] {
  if (!request.tools || request.tools.length === 0) {
    // Converse refuses a conversation holding tool blocks without a toolConfig.
    const usesTools = messages.some((message) => message.content.some((block) => block.toolUse || block.toolResult));
    if (usesTools) throw invalidRequest("A conversation with tool calls needs 'tools' on Bedrock.", 'tools');
    return undefined;
  }
  const tools = request.tools.map((tool, index) => {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw invalidRequest('Only function tools are supported by Bedrock.', `tools[${index}]`);
    }
    return {
      toolSpec: {
        name: tool.function.name,
        ...(tool.function.description !== undefined ? { description: tool.function.description } : {}),
        inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
      },
    };
  });
  const choice = request.tool_choice;
  let toolChoice: BedrockToolChoice | undefined;
  // Converse has no "none": the tools stay (the conversation may hold tool blocks) and the
  // model picks, the closest Bedrock comes.
  if (choice === 'auto') toolChoice = { auto: {} };
  else if (choice === 'required') toolChoice = { any: {} };
  else if (typeof choice === 'object' && choice !== null) {
    if (typeof choice.function?.name !== 'string') {
      throw invalidRequest("'tool_choice' must be 'none', 'auto', 'required' or a named function.", 'tool_choice');
    }
    toolChoice = { tool: { name: choice.function.name } };
  } else if (choice !== undefined && choice !== 'none') {
    throw invalidRequest("'tool_choice' must be 'none', 'auto', 'required' or a named function.", 'tool_choice');
  }
  return toolChoice ? { tools, toolChoice } : { tools };
}

function isTextPart(part: ContentPart): part is { type: 'text'; text: string } {
  return part.type === 'text' && typeof part.text === 'string';
}

function isImagePart(part: ContentPart): part is { type: 'image_url'; image_url: { url: string } } {
  if (part.type !== 'image_url' || typeof part.image_url !== 'object' || part.image_url === null) return false;
  return typeof (part.image_url as { url?: unknown }).url === 'string';
}
