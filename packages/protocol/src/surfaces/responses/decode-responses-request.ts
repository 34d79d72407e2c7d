import type { NeutralReasoning, NeutralRequest } from '../../exchange/neutral-request';
import { type GatewayError, invalidRequest } from '../../gateway-error';
import type {
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  FunctionTool,
  ToolCall,
  ToolChoice,
} from '../../openai-chat-types';
import { namespacedToolName } from './responses-tool-namespaces';
import type {
  ResponsesContentPart,
  ResponsesCustomTool,
  ResponsesFunctionTool,
  ResponsesInputItem,
  ResponsesRequest,
  ResponsesTextFormat,
  ResponsesToolOutputContent,
} from './responses-types';

// The Responses request in the neutral (Chat Completions) form, for upstreams that speak another
// format. What such an upstream cannot take is named in `droppedFields` with its path (`input[3]`
// for the request's items, `history[3]` for the stored conversation of `previous_response_id`),
// never refused, unless the answer would not be what the client asked for without it (a forced
// hosted tool): that is a 400 naming the field. The body is kept whole for native upstreams.

/** Top-level fields the decoder carries, echoes or handles itself (others are named when set). */
const HANDLED_FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'text',
  'max_output_tokens',
  'temperature',
  'top_p',
  'truncation',
  'metadata',
  'include',
  'prompt_cache_key',
  'safety_identifier',
  'client_metadata',
  'store',
  'previous_response_id',
  'stream',
  'stream_options',
  'user',
]);

export interface ResponsesDecodeContext {
  headers: Record<string, string | string[] | undefined>;
  /** The stored conversation of `previous_response_id`: its input and output items, in order. */
  history?: ResponsesInputItem[];
  /**
   * Stored items an `item_reference` names outside the `previous_response_id` chain (the AI SDK
   * references earlier reasoning items by id); see `responsesItemReferenceIds`.
   */
  referencedItems?: ResponsesInputItem[];
  /**
   * Leave a `tool_choice` that forces a hosted tool to the gateway (`hostedToolChoice`, and
   * `hostedToolsRefusal` once the chosen provider is known) instead of refusing it here: a
   * native OpenAI upstream can run it. Default false: refused with a 400 naming `tool_choice`.
   */
  deferHostedToolRefusal?: boolean;
}

export interface DecodedResponsesRequest extends NeutralRequest {
  /** Custom tools, sent as functions with one string argument `input`; the writers map calls back. */
  customToolNames: string[];
  /** Types of the hosted tools asked for (`web_search`, `file_search`, ...), each once. */
  hostedTools: string[];
  /** The hosted tool `tool_choice` forces, when `deferHostedToolRefusal` left it to the gateway. */
  hostedToolChoice?: string;
  /** The client's metadata, for the debug trace (echoed in the response, never sent up). */
  metadata?: Record<string, string>;
}

type Headers = Record<string, string | string[] | undefined>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The messages being built, with what waits for the next message of the right kind. */
class Conversation {
  readonly messages: ChatMessage[] = [];
  /** Reasoning summaries, for the next assistant message (DeepSeek wants them back on that turn). */
  private reasoning: string[] = [];
  private reasoningPaths: string[] = [];
  /** Images and files from tool outputs: tool messages carry text only, so they follow in a user message. */
  private attachments: ContentPart[] = [];

  constructor(private readonly dropped: string[]) {}

  addReasoning(text: string, path: string): void {
    this.reasoning.push(text);
    this.reasoningPaths.push(path);
  }

  add(message: ChatMessage): void {
    this.flushAttachments();
    if (message.role === 'assistant') this.attachReasoning(message);
    else this.dropReasoning();
    this.messages.push(message);
  }

  addToolCall(call: ToolCall): void {
    const last = this.messages[this.messages.length - 1];
    // A call right after the assistant's text (or its other calls) belongs to the same turn.
    if (last?.role === 'assistant' && this.attachments.length === 0) {
      if (last.tool_calls) last.tool_calls.push(call);
      else {
        last.tool_calls = [call];
        if (last.content === '') last.content = null;
      }
      this.attachReasoning(last);
      return;
    }
    this.add({ role: 'assistant', content: null, tool_calls: [call] });
  }

  addToolResult(callId: string, output: string | readonly ResponsesToolOutputContent[], path: string): void {
    this.dropReasoning();
    let text: string;
    if (typeof output === 'string') text = output;
    else {
      const parts = contentParts(output, path, this.dropped);
      text = textOf(parts);
      const others = parts.filter((part) => part.type !== 'text');
      if (others.length > 0) {
        this.attachments.push({ type: 'text', text: `Attachments of the result of tool call ${callId}:` }, ...others);
      }
    }
    this.messages.push({ role: 'tool', tool_call_id: callId, content: text });
  }

  finish(): ChatMessage[] {
    this.flushAttachments();
    this.dropReasoning();
    return this.messages;
  }

  private attachReasoning(message: ChatMessage): void {
    if (this.reasoning.length === 0) return;
    const earlier = typeof message.reasoning_content === 'string' ? [message.reasoning_content] : [];
    message.reasoning_content = [...earlier, ...this.reasoning].join('\n\n');
    this.reasoning = [];
    this.reasoningPaths = [];
  }

  /** Reasoning that no assistant turn follows has nothing to go back with. */
  private dropReasoning(): void {
    for (const path of this.reasoningPaths) this.dropped.push(`${path} (reasoning without a following assistant turn)`);
    this.reasoning = [];
    this.reasoningPaths = [];
  }

  private flushAttachments(): void {
    if (this.attachments.length === 0) return;
    const parts = this.attachments;
    this.attachments = [];
    this.messages.push({ role: 'user', content: parts });
  }
}

function fileDataUrl(data: string): string {
  // OpenAI documents a data URL; bare base64 is read as the PDF it almost always is.
  return data.startsWith('data:') ? data : `data:application/pdf;base64,${data}`;
}

/** One content part as Chat Completions parts; what another provider cannot read is named and dropped. */
function contentPart(part: ResponsesContentPart, path: string, dropped: string[]): ContentPart | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: String(part.text ?? '') };
    case 'refusal':
      return { type: 'text', text: String(part.refusal ?? '') };
    case 'input_image': {
      if (typeof part.image_url === 'string' && part.image_url !== '') {
        const image: { url: string; detail?: 'auto' | 'low' | 'high' } = { url: part.image_url };
        if (part.detail === 'auto' || part.detail === 'low' || part.detail === 'high') image.detail = part.detail;
        return { type: 'image_url', image_url: image };
      }
      // Files API ids mean nothing to another provider.
      dropped.push(`${path} (input_image file_id)`);
      return undefined;
    }
    case 'input_file': {
      if (typeof part.file_data === 'string' && part.file_data !== '') {
        const filename = typeof part.filename === 'string' && part.filename !== '' ? part.filename : 'document.pdf';
        return { type: 'file', file: { filename, file_data: fileDataUrl(part.file_data) } };
      }
      // A file URL would need fetching, a file id OpenAI's Files API.
      dropped.push(`${path} (input_file ${typeof part.file_url === 'string' ? 'file_url' : 'file_id'})`);
      return undefined;
    }
    default:
      dropped.push(`${path} (${part.type})`);
      return undefined;
  }
}

function contentParts(parts: readonly ResponsesContentPart[], path: string, dropped: string[]): ContentPart[] {
  const result: ContentPart[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = contentPart(parts[index] as ResponsesContentPart, `${path}[${index}]`, dropped);
    if (part) result.push(part);
  }
  return result;
}

function textOf(parts: readonly ContentPart[]): string {
  return parts
    .filter((part) => part.type === 'text')
    .map((part) => (part as { text: string }).text)
    .join('\n\n');
}

/** One text part reads as a plain string, which every OpenAI-shaped upstream takes. */
function simplify(parts: ContentPart[]): string | ContentPart[] {
  if (parts.length === 1 && parts[0]?.type === 'text') return (parts[0] as { text: string }).text;
  return parts;
}

function messageItem(item: Record<string, unknown>, path: string, conversation: Conversation, dropped: string[]): void {
  const role = item.role as string;
  const content = item.content as string | ResponsesContentPart[];
  const contentPath = `${path}.content`;
  if (role === 'system' || role === 'developer') {
    // Every provider takes system text; developer messages are OpenAI's name for the same.
    let text: string;
    if (typeof content === 'string') text = content;
    else {
      const parts = contentParts(content, contentPath, dropped);
      if (parts.some((part) => part.type !== 'text')) dropped.push(`${contentPath} (non-text ${role} content)`);
      text = textOf(parts);
    }
    if (text !== '') conversation.add({ role: 'system', content: text });
    return;
  }
  if (role === 'assistant') {
    const text = typeof content === 'string' ? content : textOf(contentParts(content, contentPath, dropped));
    conversation.add({ role: 'assistant', content: text });
    return;
  }
  if (typeof content === 'string') {
    conversation.add({ role: 'user', content });
    return;
  }
  const parts = contentParts(content, contentPath, dropped);
  if (parts.length > 0) conversation.add({ role: 'user', content: simplify(parts) });
}

function reasoningText(item: Record<string, unknown>): string {
  const texts: string[] = [];
  for (const key of ['summary', 'content']) {
    const list = item[key];
    if (!Array.isArray(list)) continue;
    for (const part of list) if (isObject(part) && typeof part.text === 'string' && part.text !== '') texts.push(part.text);
    // The summary is what the model chose to say of its reasoning; the raw text only when there is none.
    if (texts.length > 0) break;
  }
  return texts.join('\n\n');
}

interface ItemSource {
  /** Items by id, for `item_reference`. */
  byId: Map<string, ResponsesInputItem>;
  /** Inside the stored chain, a reference that cannot be resolved any more is dropped, not refused. */
  strict: boolean;
}

function isReference(item: Record<string, unknown>): boolean {
  return item.type === 'item_reference' || ((item.type === undefined || item.type === null) && item.role === undefined);
}

function decodeItem(
  item: ResponsesInputItem,
  path: string,
  source: ItemSource,
  conversation: Conversation,
  dropped: string[],
): void {
  const record = item as Record<string, unknown>;
  if (isReference(record)) {
    const id = String(record.id);
    const found = source.byId.get(id);
    if (found && !isReference(found as Record<string, unknown>)) {
      decodeItem(found, `${path} (${id})`, source, conversation, dropped);
      return;
    }
    if (source.strict) {
      throw invalidRequest(
        `Item with id '${id}' not found. Items are kept only when \`store\` is true; send the item itself instead of a reference.`,
        `${path}.id`,
        'item_not_found',
      );
    }
    dropped.push(`${path} (item_reference ${id} not found)`);
    return;
  }
  const type = record.type ?? 'message';
  switch (type) {
    case 'message':
      messageItem(record, path, conversation, dropped);
      return;
    case 'function_call': {
      const name =
        typeof record.namespace === 'string' ? namespacedToolName(record.namespace, String(record.name)) : String(record.name);
      conversation.addToolCall({
        id: String(record.call_id),
        type: 'function',
        function: { name, arguments: String(record.arguments) },
      });
      return;
    }
    case 'custom_tool_call': {
      const name =
        typeof record.namespace === 'string' ? namespacedToolName(record.namespace, String(record.name)) : String(record.name);
      const input = typeof record.input === 'string' ? record.input : '';
      conversation.addToolCall({
        id: String(record.call_id),
        type: 'function',
        function: { name, arguments: JSON.stringify({ input }) },
      });
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
      conversation.addToolResult(
        String(record.call_id),
        record.output as string | ResponsesToolOutputContent[],
        `${path}.output`,
      );
      return;
    case 'reasoning': {
      // Encrypted reasoning and reasoning ids are readable only by the OpenAI account that made
      // them; the summary is what another provider can be given back.
      if (typeof record.encrypted_content === 'string' && record.encrypted_content !== '') {
        dropped.push(`${path}.encrypted_content`);
      }
      const text = reasoningText(record);
      if (text !== '') conversation.addReasoning(text, path);
      else if (typeof record.id === 'string' && record.encrypted_content === undefined) dropped.push(`${path}.id (reasoning)`);
      return;
    }
    case 'additional_tools':
      // Tool definitions, not conversation: decodeTools takes them into the tool list.
      return;
    default:
      // Hosted tool calls and their results (web_search_call, ...): only OpenAI can replay them.
      dropped.push(`${path} (${String(type)})`);
  }
}

function conversationMessages(body: ResponsesRequest, context: ResponsesDecodeContext, dropped: string[]): ChatMessage[] {
  const conversation = new Conversation(dropped);
  if (typeof body.instructions === 'string' && body.instructions !== '') {
    conversation.add({ role: 'system', content: body.instructions });
  }
  const byId = new Map<string, ResponsesInputItem>();
  for (const item of context.referencedItems ?? []) if (typeof item.id === 'string') byId.set(item.id, item);
  const history = context.history ?? [];
  const historySource: ItemSource = { byId, strict: false };
  for (let index = 0; index < history.length; index++) {
    const item = history[index] as ResponsesInputItem;
    decodeItem(item, `history[${index}]`, historySource, conversation, dropped);
    if (typeof item.id === 'string' && !byId.has(item.id)) byId.set(item.id, item);
  }
  const input = body.input;
  if (typeof input === 'string') conversation.add({ role: 'user', content: input });
  else if (Array.isArray(input)) {
    const source: ItemSource = { byId, strict: true };
    for (let index = 0; index < input.length; index++) {
      decodeItem(input[index] as ResponsesInputItem, `input[${index}]`, source, conversation, dropped);
    }
  }
  return conversation.finish();
}

/** A custom tool's one string argument; a grammar the provider cannot enforce is told to the model instead. */
function customFunction(tool: ResponsesCustomTool, name: string, path: string, dropped: string[]): FunctionTool {
  const descriptions = typeof tool.description === 'string' && tool.description !== '' ? [tool.description] : [];
  const format = tool.format;
  if (format?.type === 'grammar') {
    descriptions.push(`The input must match this ${format.syntax} grammar:\n${format.definition}`);
    dropped.push(`${path}.format (grammar not enforced)`);
  }
  const fn: FunctionTool['function'] = {
    name,
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: 'The raw input of the tool, free-form text.' } },
      required: ['input'],
      additionalProperties: false,
    },
  };
  if (descriptions.length > 0) fn.description = descriptions.join('\n\n');
  return { type: 'function', function: fn };
}

function functionTool(tool: ResponsesFunctionTool, name: string): FunctionTool {
  const fn: FunctionTool['function'] = { name };
  fn.parameters = isObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} };
  if (typeof tool.description === 'string') fn.description = tool.description;
  if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

interface DecodedTools {
  tools: FunctionTool[];
  customToolNames: string[];
  hostedTools: string[];
}

function decodeTools(body: ResponsesRequest, dropped: string[]): DecodedTools {
  const decoded: DecodedTools = { tools: [], customToolNames: [], hostedTools: [] };
  const add = (tool: Record<string, unknown>, name: string, path: string) => {
    if (tool.type === 'custom') {
      decoded.tools.push(customFunction(tool as ResponsesCustomTool, name, path, dropped));
      decoded.customToolNames.push(name);
    } else if (tool.type === 'function') decoded.tools.push(functionTool(tool as ResponsesFunctionTool, name));
    else dropped.push(`${path} (${String(tool.type)})`);
  };
  // Codex's newest model names send their tools in an `additional_tools` input item instead of
  // `tools`: they are the same tool definitions, so they join the list.
  const list: { tool: Record<string, unknown>; path: string }[] = (body.tools ?? []).map((tool, index) => ({
    tool: tool as Record<string, unknown>,
    path: `tools[${index}]`,
  }));
  if (Array.isArray(body.input)) {
    body.input.forEach((item, itemIndex) => {
      const record = item as Record<string, unknown>;
      if (record?.type !== 'additional_tools' || !Array.isArray(record.tools)) return;
      (record.tools as Record<string, unknown>[]).forEach((tool, index) => {
        list.push({ tool, path: `input[${itemIndex}].tools[${index}]` });
      });
    });
  }
  for (const { tool, path } of list) {
    if (tool.type === 'function' || tool.type === 'custom') add(tool, String(tool.name), path);
    else if (tool.type === 'namespace' && Array.isArray(tool.tools)) {
      const members = tool.tools as Record<string, unknown>[];
      for (let member = 0; member < members.length; member++) {
        const memberTool = members[member] as Record<string, unknown>;
        add(memberTool, namespacedToolName(String(tool.name), String(memberTool.name)), `${path}.tools[${member}]`);
      }
    } else if (tool.execution === 'client') {
      // A tool the client runs itself (Codex's `tool_search`), not one OpenAI runs: a translated
      // provider is simply not offered it, and nothing is refused.
      dropped.push(`${path} (${String(tool.type)}, run by the client)`);
    } else {
      const type = String(tool.type);
      if (!decoded.hostedTools.includes(type)) decoded.hostedTools.push(type);
      dropped.push(`${path} (${type})`);
    }
  }
  return decoded;
}

function hostedToolChoiceError(hosted: string): GatewayError {
  return invalidRequest(
    `tool_choice forces '${hosted}', a tool OpenAI runs, which this model's provider cannot run.`,
    'tool_choice',
    'unsupported_parameter',
  );
}

/**
 * The 400 a request asking for hosted tools gets when the chosen provider cannot run them:
 * naming `tool_choice` when it forces one, `tools` otherwise. Undefined when none were asked.
 */
export function hostedToolsRefusal(
  decoded: Pick<DecodedResponsesRequest, 'hostedTools' | 'hostedToolChoice'>,
): GatewayError | undefined {
  if (decoded.hostedToolChoice !== undefined) return hostedToolChoiceError(decoded.hostedToolChoice);
  if (decoded.hostedTools.length === 0) return undefined;
  return invalidRequest(
    `tools: this model's provider cannot run the tools OpenAI runs (${decoded.hostedTools.join(', ')}).`,
    'tools',
    'unsupported_parameter',
  );
}

interface DecodedToolChoice {
  choice?: ToolChoice;
  /** A hosted tool the choice forces. */
  forcedHosted?: string;
  /** `allowed_tools`: the only tools the model may call this turn. */
  allowed?: Set<string>;
}

function forcedName(choice: { type: string; name?: unknown; namespace?: unknown }): string {
  const name = String(choice.name);
  return typeof choice.namespace === 'string' ? namespacedToolName(choice.namespace, name) : name;
}

function decodeToolChoice(body: ResponsesRequest, tools: DecodedTools): DecodedToolChoice {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return {};
  if (choice === 'auto' || choice === 'none') return { choice };
  if (choice === 'required') {
    if (tools.tools.length === 0 && tools.hostedTools.length > 0) return { forcedHosted: tools.hostedTools.join(', ') };
    return { choice };
  }
  if (typeof choice !== 'object') return {};
  if (choice.type === 'function' || choice.type === 'custom') {
    return { choice: { type: 'function', function: { name: forcedName(choice) } } };
  }
  if (choice.type === 'allowed_tools') {
    const allowed = new Set<string>();
    const hosted: string[] = [];
    for (const tool of (choice as { tools: { type: string; name?: unknown }[] }).tools) {
      if (tool.type === 'function' || tool.type === 'custom') allowed.add(forcedName(tool));
      else hosted.push(tool.type);
    }
    const mode = (choice as { mode: 'auto' | 'required' }).mode;
    if (mode === 'required' && allowed.size === 0 && hosted.length > 0) return { forcedHosted: hosted.join(', ') };
    return { choice: mode, allowed };
  }
  // A hosted tool by type (`web_search_preview`, `file_search`, `mcp`, ...).
  return { forcedHosted: choice.type };
}

function effortOf(effort: string): NeutralReasoning {
  switch (effort) {
    case 'none':
      return { enabled: false };
    case 'minimal':
    case 'low':
    case 'medium':
    case 'high':
      return { enabled: true, effort };
    case 'xhigh':
    case 'max':
      return { enabled: true, effort: 'high' };
    default:
      return { enabled: true, effort: 'medium' };
  }
}

function responseFormat(format: ResponsesTextFormat): ChatCompletionRequest['response_format'] | undefined {
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') return undefined;
  const schema: Record<string, unknown> = { name: format.name, schema: format.schema };
  if (typeof format.description === 'string') schema.description = format.description;
  if (typeof format.strict === 'boolean') schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
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

/** Ids the request's `item_reference` items name, for the gateway to look up before decoding. */
export function responsesItemReferenceIds(body: ResponsesRequest): string[] {
  if (!Array.isArray(body.input)) return [];
  const ids: string[] = [];
  for (const item of body.input) {
    if (isReference(item as Record<string, unknown>) && typeof item.id === 'string') ids.push(item.id);
  }
  return ids;
}

export function decodeResponsesRequest(body: ResponsesRequest, context: ResponsesDecodeContext): DecodedResponsesRequest {
  const dropped: string[] = [];
  const chat: ChatCompletionRequest = { model: body.model, messages: conversationMessages(body, context, dropped) };

  const tools = decodeTools(body, dropped);
  const toolChoice = decodeToolChoice(body, tools);
  if (toolChoice.forcedHosted !== undefined && context.deferHostedToolRefusal !== true) {
    throw hostedToolChoiceError(toolChoice.forcedHosted);
  }
  // `allowed_tools` narrows this turn's tools; sending only those works on every provider.
  const allowed = toolChoice.allowed;
  const offered = allowed ? tools.tools.filter((tool) => allowed.has(tool.function.name)) : tools.tools;
  if (offered.length > 0) {
    chat.tools = offered;
    if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  }
  // OpenAI refuses a tool_choice without tools.
  if (toolChoice.choice !== undefined && offered.length > 0) chat.tool_choice = toolChoice.choice;

  let reasoning: NeutralReasoning | undefined;
  const effort = body.reasoning?.effort;
  if (typeof effort === 'string') {
    reasoning = effortOf(effort);
    chat.reasoning_effort = effort;
  }

  const text = body.text;
  if (text) {
    const format = text.format ? responseFormat(text.format) : undefined;
    if (format) chat.response_format = format;
    if (text.verbosity !== undefined && text.verbosity !== null) dropped.push('text.verbosity');
  }
  if (typeof body.max_output_tokens === 'number') chat.max_tokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.top_p === 'number') chat.top_p = body.top_p;
  if (typeof body.prompt_cache_key === 'string') chat.prompt_cache_key = body.prompt_cache_key;
  const user = body.user ?? body.safety_identifier;
  if (typeof user === 'string') chat.user = user;
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  // A translated provider cannot drop old turns to fit its window, nor give encrypted reasoning.
  if (body.truncation === 'auto') dropped.push('truncation');
  if (Array.isArray(body.include) && body.include.length > 0) dropped.push(`include (${body.include.join(', ')})`);

  for (const key of Object.keys(body)) {
    if (!HANDLED_FIELDS.has(key) && body[key] !== undefined && body[key] !== null) dropped.push(key);
  }

  const nativeHeaders: Record<string, string> = {};
  const beta = header(context.headers, 'openai-beta');
  if (beta !== undefined) nativeHeaders['openai-beta'] = beta;

  const decoded: DecodedResponsesRequest = {
    surface: 'responses',
    chat,
    native: { format: 'openai-responses', body: body as Record<string, unknown>, headers: nativeHeaders },
    droppedFields: dropped,
    customToolNames: tools.customToolNames,
    hostedTools: tools.hostedTools,
  };
  if (reasoning) decoded.reasoning = reasoning;
  if (toolChoice.forcedHosted !== undefined) decoded.hostedToolChoice = toolChoice.forcedHosted;
  if (isObject(body.metadata)) decoded.metadata = body.metadata as Record<string, string>;
  return decoded;
}
