import type { NeutralReasoning, NeutralRequest } from '../../exchange/neutral-request';
import { invalidRequest } from '../../gateway-error';
import type {
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  FunctionTool,
  ToolCall,
  ToolChoice,
} from '../../openai-chat-types';
import type {
  AnthropicContentBlockParam,
  AnthropicDocumentBlockParam,
  AnthropicImageBlockParam,
  AnthropicMessagesRequest,
  AnthropicThinkingConfig,
  AnthropicToolChoice,
  AnthropicToolResultBlockParam,
} from './anthropic-messages-types';
import { UNSIGNED_THINKING_SIGNATURE } from './unsigned-thinking-signature';

// The Messages request in the neutral (Chat Completions) form, for upstreams that speak another
// format. What such an upstream cannot take is named in `droppedFields` with its path, never
// refused, unless the answer would not be what the client asked for without it (a forced server
// tool): that is a 400 naming the field. The body itself is kept whole for native upstreams.

/** Top-level fields the decoder carries (or names when dropped) itself. */
const HANDLED_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'metadata',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
]);

type Headers = Record<string, string | string[] | undefined>;

interface Decoding {
  dropped: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function noteCacheControl(block: Record<string, unknown>, path: string, decoding: Decoding): void {
  if (block.cache_control !== undefined && block.cache_control !== null) decoding.dropped.push(`${path}.cache_control`);
}

function imagePart(block: AnthropicImageBlockParam, path: string, decoding: Decoding): ContentPart | undefined {
  noteCacheControl(block, path, decoding);
  const source = block.source;
  if (source?.type === 'base64') {
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  }
  if (source?.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  // Files API ids mean nothing to another provider.
  decoding.dropped.push(`${path}.source`);
  return undefined;
}

function documentParts(block: AnthropicDocumentBlockParam, path: string, decoding: Decoding): ContentPart[] {
  noteCacheControl(block, path, decoding);
  if (block.citations !== undefined && block.citations !== null) decoding.dropped.push(`${path}.citations`);
  const heading = [block.title, block.context].filter((line) => typeof line === 'string' && line !== '').join('\n');
  const withHeading = (text: string) => (heading === '' ? text : `${heading}\n\n${text}`);
  const source = block.source;
  switch (source?.type) {
    case 'text':
      return [{ type: 'text', text: withHeading(source.data) }];
    case 'content': {
      if (typeof source.content === 'string') return [{ type: 'text', text: withHeading(source.content) }];
      const parts = contentParts(source.content, `${path}.source.content`, decoding);
      return heading === '' ? parts : [{ type: 'text', text: heading }, ...parts];
    }
    case 'base64':
      if (source.media_type === 'application/pdf') {
        // Chat Completions' file part, which OpenAI-shaped upstreams that read PDFs accept.
        const filename = typeof block.title === 'string' && block.title !== '' ? block.title : 'document.pdf';
        return [{ type: 'file', file: { filename, file_data: `data:application/pdf;base64,${source.data}` } }];
      }
      decoding.dropped.push(path);
      return [];
    default:
      // URL and Files API documents would need fetching; a translated provider cannot read them.
      decoding.dropped.push(path);
      return [];
  }
}

/** A user-side block (text, image, document) as content parts; other kinds are named and dropped. */
function blockParts(block: AnthropicContentBlockParam, path: string, decoding: Decoding): ContentPart[] {
  if (block.type === 'text' && typeof block.text === 'string') {
    noteCacheControl(block, path, decoding);
    if (block.citations !== undefined && block.citations !== null) decoding.dropped.push(`${path}.citations`);
    return [{ type: 'text', text: block.text }];
  }
  if (block.type === 'image') {
    const part = imagePart(block as AnthropicImageBlockParam, path, decoding);
    return part ? [part] : [];
  }
  if (block.type === 'document') return documentParts(block as AnthropicDocumentBlockParam, path, decoding);
  decoding.dropped.push(`${path} (${block.type})`);
  return [];
}

function contentParts(blocks: readonly AnthropicContentBlockParam[], path: string, decoding: Decoding): ContentPart[] {
  const parts: ContentPart[] = [];
  for (let index = 0; index < blocks.length; index++) {
    parts.push(...blockParts(blocks[index] as AnthropicContentBlockParam, `${path}.${index}`, decoding));
  }
  return parts;
}

function textOf(parts: readonly ContentPart[]): string {
  return parts.map((part) => (part.type === 'text' ? (part as { text: string }).text : '')).join('\n\n');
}

/** One text part reads as a plain string, which every OpenAI-shaped upstream takes. */
function simplify(parts: ContentPart[]): string | ContentPart[] {
  if (parts.length === 1 && parts[0]?.type === 'text') return (parts[0] as { text: string }).text;
  return parts;
}

function systemMessage(
  content: string | readonly AnthropicContentBlockParam[],
  path: string,
  decoding: Decoding,
): ChatMessage | undefined {
  if (typeof content === 'string') return content === '' ? undefined : { role: 'system', content };
  const parts = contentParts(content, path, decoding);
  const nonText = parts.filter((part) => part.type !== 'text');
  if (nonText.length > 0) decoding.dropped.push(`${path} (non-text system content)`);
  const text = textOf(parts.filter((part) => part.type === 'text'));
  return text === '' ? undefined : { role: 'system', content: text };
}

/** Tool results as `tool` messages; images in them follow in the user message (tool messages carry text only). */
function toolMessage(
  block: AnthropicToolResultBlockParam,
  path: string,
  decoding: Decoding,
  carriedParts: ContentPart[],
): ChatMessage {
  noteCacheControl(block, path, decoding);
  let text: string;
  if (typeof block.content === 'string' || block.content === undefined) text = block.content ?? '';
  else {
    const parts = contentParts(block.content, `${path}.content`, decoding);
    text = textOf(parts.filter((part) => part.type === 'text'));
    const others = parts.filter((part) => part.type !== 'text');
    if (others.length > 0) {
      carriedParts.push({ type: 'text', text: `Attachments of the result of tool call ${block.tool_use_id}:` }, ...others);
    }
  }
  if (block.is_error === true) text = `Error: ${text}`;
  return { role: 'tool', tool_call_id: block.tool_use_id, content: text };
}

/** Tool results first, in order (they must follow the assistant's calls), then the user's other content. */
function userMessages(blocks: readonly AnthropicContentBlockParam[], path: string, decoding: Decoding): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const carried: ContentPart[] = [];
  const parts: ContentPart[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as AnthropicContentBlockParam;
    const blockPath = `${path}.${index}`;
    if (block.type === 'tool_result') {
      messages.push(toolMessage(block as AnthropicToolResultBlockParam, blockPath, decoding, carried));
    } else {
      parts.push(...blockParts(block, blockPath, decoding));
    }
  }
  parts.push(...carried);
  if (parts.length > 0) messages.push({ role: 'user', content: simplify(parts) });
  return messages;
}

function assistantMessage(blocks: readonly AnthropicContentBlockParam[], path: string, decoding: Decoding): ChatMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as AnthropicContentBlockParam;
    const blockPath = `${path}.${index}`;
    switch (block.type) {
      case 'text':
        noteCacheControl(block, blockPath, decoding);
        if (block.citations !== undefined && block.citations !== null) decoding.dropped.push(`${blockPath}.citations`);
        texts.push(String(block.text ?? ''));
        break;
      case 'thinking':
        // DeepSeek wants its reasoning back on the turn that made it; the signature proves
        // nothing to another provider (our own unsigned marker is not a loss).
        reasoning.push(String(block.thinking ?? ''));
        if (block.signature !== UNSIGNED_THINKING_SIGNATURE) decoding.dropped.push(`${blockPath}.signature`);
        break;
      case 'tool_use':
        noteCacheControl(block, blockPath, decoding);
        toolCalls.push({
          id: String(block.id),
          type: 'function',
          function: { name: String(block.name), arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      default:
        // redacted_thinking, server_tool_use and server tool results: Anthropic-only.
        decoding.dropped.push(`${blockPath} (${block.type})`);
    }
  }
  const message: ChatMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('\n\n') : null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  else if (message.content === null) message.content = '';
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  return message;
}

function conversation(body: AnthropicMessagesRequest, decoding: Decoding): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (body.system !== undefined && body.system !== null) {
    const system = systemMessage(body.system, 'system', decoding);
    if (system) messages.push(system);
  }
  for (let index = 0; index < body.messages.length; index++) {
    const message = body.messages[index] as AnthropicMessagesRequest['messages'][number];
    const path = `messages.${index}.content`;
    const content = message.content;
    if (message.role === 'system') {
      const system = systemMessage(content, path, decoding);
      if (system) messages.push(system);
    } else if (message.role === 'assistant') {
      messages.push(typeof content === 'string' ? { role: 'assistant', content } : assistantMessage(content, path, decoding));
    } else if (typeof content === 'string') {
      messages.push({ role: 'user', content });
    } else {
      messages.push(...userMessages(content, path, decoding));
    }
  }
  return messages;
}

/** Function tools from custom tools; Anthropic-defined tools have no schema to send, so they are named and dropped. */
function functionTools(body: AnthropicMessagesRequest, decoding: Decoding): { tools: FunctionTool[]; dropped: Set<string> } {
  const tools: FunctionTool[] = [];
  const dropped = new Set<string>();
  const list = body.tools ?? [];
  for (let index = 0; index < list.length; index++) {
    const tool = list[index] as Record<string, unknown> & { name: string };
    const path = `tools.${index}`;
    const isCustom = (tool.type === undefined || tool.type === null || tool.type === 'custom') && isObject(tool.input_schema);
    if (!isCustom) {
      decoding.dropped.push(`${path} (${String(tool.type ?? 'no input_schema')})`);
      dropped.add(tool.name);
      continue;
    }
    noteCacheControl(tool, path, decoding);
    // `$schema` names the draft; OpenAI's and Gemini's schema subsets reject the key.
    const { $schema: _draft, ...parameters } = tool.input_schema as Record<string, unknown>;
    const fn: FunctionTool['function'] = { name: tool.name, parameters };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    tools.push({ type: 'function', function: fn });
  }
  return { tools, dropped };
}

function toolChoice(
  choice: AnthropicToolChoice,
  tools: FunctionTool[],
  droppedTools: Set<string>,
): { choice?: ToolChoice; parallel?: false } {
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true;
  const result: { choice?: ToolChoice; parallel?: false } = parallel && tools.length > 0 ? { parallel: false } : {};
  switch (choice.type) {
    case 'auto':
      if (tools.length > 0) result.choice = 'auto';
      return result;
    case 'any':
      if (tools.length === 0 && droppedTools.size > 0) {
        throw invalidRequest(
          `tool_choice: 'any' forces a tool, but this model's provider cannot run the request's tools (${[...droppedTools].join(', ')}).`,
          'tool_choice',
          'unsupported_parameter',
        );
      }
      if (tools.length > 0) result.choice = 'required';
      return result;
    case 'tool':
      if (droppedTools.has(choice.name)) {
        throw invalidRequest(
          `tool_choice.name: '${choice.name}' is a tool Anthropic runs, which this model's provider cannot run.`,
          'tool_choice.name',
          'unsupported_parameter',
        );
      }
      result.choice = { type: 'function', function: { name: choice.name } };
      return result;
    case 'none':
      return { choice: 'none' };
    default:
      return result;
  }
}

/** Thinking budgets on OpenAI's effort scale: Claude Code's think / think hard / ultrathink budgets land on low / medium / high. */
function effortForBudget(budget: number): NeutralReasoning['effort'] {
  if (budget < 4096) return 'low';
  if (budget < 16384) return 'medium';
  return 'high';
}

function effortOf(value: unknown): NeutralReasoning['effort'] {
  if (value === 'low' || value === 'medium' || value === 'high' || value === 'minimal') return value;
  if (value === 'xhigh' || value === 'max') return 'high';
  return 'medium';
}

function reasoningOf(thinking: AnthropicThinkingConfig | undefined, effort: unknown): NeutralReasoning | undefined {
  if (!thinking) return undefined;
  if (thinking.type === 'enabled') {
    const budget = Number(thinking.budget_tokens);
    return { enabled: true, budgetTokens: budget, effort: effortForBudget(budget) };
  }
  if (thinking.type === 'adaptive') return { enabled: true, effort: effortOf(effort) };
  if (thinking.type === 'disabled') return { enabled: false };
  return undefined;
}

function header(headers: Headers, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        value = headers[key];
        break;
      }
    }
  }
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

export function decodeMessagesRequest(body: AnthropicMessagesRequest, headers: Headers): NeutralRequest {
  const decoding: Decoding = { dropped: [] };
  const chat: ChatCompletionRequest = { model: body.model, messages: conversation(body, decoding) };
  // count_tokens bodies come without it.
  if (typeof body.max_tokens === 'number') chat.max_tokens = body.max_tokens;
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.top_p === 'number') chat.top_p = body.top_p;
  // Not in OpenAI's reference, but vLLM, DeepSeek-compatible servers and OpenRouter read it.
  if (typeof body.top_k === 'number') chat.top_k = body.top_k;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) chat.stop = body.stop_sequences;
  if (typeof body.metadata?.user_id === 'string') chat.user = body.metadata.user_id;
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }

  const { tools, dropped: droppedTools } = functionTools(body, decoding);
  if (tools.length > 0) chat.tools = tools;
  if (body.tool_choice) {
    const { choice, parallel } = toolChoice(body.tool_choice, tools, droppedTools);
    if (choice !== undefined) chat.tool_choice = choice;
    if (parallel === false) chat.parallel_tool_calls = false;
  }

  const outputConfig = body.output_config;
  const reasoning = reasoningOf(body.thinking, outputConfig?.effort);
  if (outputConfig) {
    if (outputConfig.effort !== undefined && body.thinking?.type !== 'adaptive') decoding.dropped.push('output_config.effort');
    const format = outputConfig.format;
    if (format?.type === 'json_schema' && isObject(format.schema)) {
      chat.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema, strict: true } };
    } else if (format !== undefined && format !== null) decoding.dropped.push('output_config.format');
    for (const key of Object.keys(outputConfig)) {
      if (key !== 'effort' && key !== 'format') decoding.dropped.push(`output_config.${key}`);
    }
  }

  for (const key of Object.keys(body)) {
    if (!HANDLED_FIELDS.has(key) && body[key] !== undefined && body[key] !== null) decoding.dropped.push(key);
  }

  const nativeHeaders: Record<string, string> = {};
  const version = header(headers, 'anthropic-version');
  if (version !== undefined) nativeHeaders['anthropic-version'] = version;
  const beta = header(headers, 'anthropic-beta');
  if (beta !== undefined) nativeHeaders['anthropic-beta'] = beta;

  const neutral: NeutralRequest = {
    surface: 'messages',
    chat,
    native: { format: 'anthropic-messages', body: body as Record<string, unknown>, headers: nativeHeaders },
    droppedFields: decoding.dropped,
  };
  if (reasoning) neutral.reasoning = reasoning;
  return neutral;
}
