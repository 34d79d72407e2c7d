import type { ChatCompletionRequest, ChatMessage, ContentPart, FunctionTool, ToolCall } from '@switchboard/protocol';
import type { CountTokensBody, MessagesContentBlock } from './count-tokens-body';

// A minimal Messages-to-chat conversion, enough for a provider's counter in another format
// (Gemini's countTokens) to see the same prompt: text, images, tool calls and results, system
// prompts and tool definitions. Thinking is left out (not counted as input) and so are documents
// without a text source. The Messages surface's decoder replaces this once it lands.

function blocksText(content: string | MessagesContentBlock[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const block of content) {
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'document') {
      const source = block.source as { type?: unknown; data?: unknown } | undefined;
      if (source?.type === 'text' && typeof source.data === 'string') texts.push(source.data);
    }
  }
  return texts.join('\n');
}

function imagePart(block: MessagesContentBlock): ContentPart | undefined {
  const source = block.source as { type?: unknown; media_type?: unknown; data?: unknown; url?: unknown } | undefined;
  if (source?.type === 'base64' && typeof source.media_type === 'string' && typeof source.data === 'string') {
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  }
  if (source?.type === 'url' && typeof source.url === 'string') return { type: 'image_url', image_url: { url: source.url } };
  return undefined;
}

function userMessages(content: string | MessagesContentBlock[]): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  // Tool results first: in chat form they answer the previous assistant turn's calls.
  const messages: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const block of content) {
    if (block.type === 'tool_result') {
      messages.push({
        role: 'tool',
        tool_call_id: String(block.tool_use_id ?? ''),
        content: blocksText(block.content as string | MessagesContentBlock[] | undefined),
      });
    } else if (block.type === 'image') {
      const part = imagePart(block);
      if (part) parts.push(part);
    } else {
      const text = blocksText([block]);
      if (text.length > 0) parts.push({ type: 'text', text });
    }
  }
  if (parts.length > 0) messages.push({ role: 'user', content: parts });
  return messages;
}

function assistantMessage(content: string | MessagesContentBlock[]): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const toolCalls: ToolCall[] = [];
  for (const block of content) {
    if (block.type !== 'tool_use') continue;
    toolCalls.push({
      id: String(block.id ?? ''),
      type: 'function',
      function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
    });
  }
  const message: ChatMessage = { role: 'assistant', content: blocksText(content) };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function functionTools(tools: Record<string, unknown>[] | undefined): FunctionTool[] {
  const converted: FunctionTool[] = [];
  for (const tool of tools ?? []) {
    // Server tools (web search, code execution) have no schema and no equivalent elsewhere.
    if (typeof tool.name !== 'string' || typeof tool.input_schema !== 'object' || tool.input_schema === null) continue;
    const definition: FunctionTool['function'] = { name: tool.name, parameters: tool.input_schema as Record<string, unknown> };
    if (typeof tool.description === 'string') definition.description = tool.description;
    converted.push({ type: 'function', function: definition });
  }
  return converted;
}

/** The Messages body as a chat request, for counting only. */
export function chatRequestForCounting(body: CountTokensBody): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  const system = blocksText(body.system);
  if (system.length > 0) messages.push({ role: 'system', content: system });
  for (const message of body.messages) {
    if (message.role === 'system') messages.push({ role: 'system', content: blocksText(message.content) });
    else if (message.role === 'assistant') messages.push(assistantMessage(message.content));
    else messages.push(...userMessages(message.content));
  }
  const request: ChatCompletionRequest = { model: body.model, messages };
  const tools = functionTools(body.tools);
  if (tools.length > 0) request.tools = tools;
  return request;
}
