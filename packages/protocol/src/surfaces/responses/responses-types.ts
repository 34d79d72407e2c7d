// OpenAI Responses API wire types as the inbound surface receives and answers them
// (https://platform.openai.com/docs/api-reference/responses). Only what the gateway reads is typed
// closely; OpenAI adds item types, tools and fields often, so every shape admits unknown fields
// and the validator lets them through for native passthrough.

// Content parts of message items

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
  [field: string]: unknown;
}

export interface ResponsesInputImage {
  type: 'input_image';
  /** A URL or a `data:` URL. */
  image_url?: string | null;
  /** Files API id: only OpenAI can read it. */
  file_id?: string | null;
  detail?: 'low' | 'high' | 'auto' | 'original' | null;
  [field: string]: unknown;
}

export interface ResponsesInputFile {
  type: 'input_file';
  /** The file's content as a `data:` URL (`data:application/pdf;base64,...`). */
  file_data?: string;
  file_id?: string | null;
  file_url?: string;
  filename?: string;
  [field: string]: unknown;
}

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
  logprobs?: unknown[];
  [field: string]: unknown;
}

export interface ResponsesRefusal {
  type: 'refusal';
  refusal: string;
  [field: string]: unknown;
}

export type ResponsesContentPart =
  | ResponsesInputText
  | ResponsesInputImage
  | ResponsesInputFile
  | ResponsesOutputText
  | ResponsesRefusal
  | { type: string; [field: string]: unknown };

export type ResponsesToolOutputContent = ResponsesInputText | ResponsesInputImage | ResponsesInputFile;

// Input items (every one may carry the id the client or OpenAI gave it)

export interface ResponsesMessageItem {
  /** Optional: `{role, content}` alone is a message ("easy input message"). */
  type?: 'message';
  id?: string;
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | ResponsesContentPart[];
  status?: 'in_progress' | 'completed' | 'incomplete';
  /** Codex models label assistant messages `commentary` or `final_answer`. */
  phase?: 'commentary' | 'final_answer' | null;
  [field: string]: unknown;
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  /** JSON text. */
  arguments: string;
  /** The namespace tool the function belongs to. */
  namespace?: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [field: string]: unknown;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string | null;
  call_id: string;
  output: string | ResponsesToolOutputContent[];
  status?: 'in_progress' | 'completed' | 'incomplete' | null;
  [field: string]: unknown;
}

export interface ResponsesCustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  /** Free-form text (a patch, a shell line), not JSON. */
  input: string;
  namespace?: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [field: string]: unknown;
}

export interface ResponsesCustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id?: string;
  call_id: string;
  output: string | ResponsesToolOutputContent[];
  [field: string]: unknown;
}

export interface ResponsesReasoningSummaryText {
  type: 'summary_text';
  text: string;
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  /** OpenAI's `rs_...`: only the account that made it can resolve it. */
  id?: string;
  summary: ResponsesReasoningSummaryText[];
  /** Raw reasoning text (open-weight models). */
  content?: { type: 'reasoning_text'; text: string }[];
  /** Opaque; only the OpenAI account that made it can read it. */
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [field: string]: unknown;
}

export interface ResponsesItemReference {
  type?: 'item_reference' | null;
  id: string;
  [field: string]: unknown;
}

/** Hosted tool calls (`web_search_call`, `file_search_call`, ...) and item types added after this file. */
export interface ResponsesOtherItem {
  type: string;
  id?: string;
  [field: string]: unknown;
}

export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | ResponsesReasoningItem
  | ResponsesItemReference
  | ResponsesOtherItem;

// Tools

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  /** JSON Schema. */
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
  /** Loaded only when found by `tool_search`. */
  defer_loading?: boolean;
  [field: string]: unknown;
}

export type ResponsesCustomToolFormat =
  | { type: 'text' }
  | { type: 'grammar'; syntax: 'lark' | 'regex' | string; definition: string };

/** A tool whose input is free-form text, optionally constrained by a grammar. */
export interface ResponsesCustomTool {
  type: 'custom';
  name: string;
  description?: string;
  format?: ResponsesCustomToolFormat;
  defer_loading?: boolean;
  [field: string]: unknown;
}

/** Function and custom tools grouped under a name the model calls them by (`crm`). */
export interface ResponsesNamespaceTool {
  type: 'namespace';
  name: string;
  description?: string;
  tools: (ResponsesFunctionTool | ResponsesCustomTool)[];
  [field: string]: unknown;
}

/** A tool OpenAI runs (`web_search`, `file_search`, `code_interpreter`, `tool_search`, `mcp`, ...). */
export interface ResponsesHostedTool {
  type: string;
  [field: string]: unknown;
}

export type ResponsesTool = ResponsesFunctionTool | ResponsesCustomTool | ResponsesNamespaceTool | ResponsesHostedTool;

export type ResponsesToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; name: string; [field: string]: unknown }
  | { type: 'custom'; name: string; [field: string]: unknown }
  | {
      type: 'allowed_tools';
      mode: 'auto' | 'required';
      tools: { type: string; name?: string; [field: string]: unknown }[];
      [field: string]: unknown;
    }
  /** A hosted tool by type (`file_search`, `web_search_preview`, `mcp`, ...). */
  | { type: string; [field: string]: unknown };

export type ResponsesReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ResponsesReasoningConfig {
  effort?: ResponsesReasoningEffort | string | null;
  summary?: 'auto' | 'concise' | 'detailed' | string | null;
  [field: string]: unknown;
}

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name: string;
      schema: Record<string, unknown>;
      description?: string;
      strict?: boolean | null;
    };

export interface ResponsesTextConfig {
  format?: ResponsesTextFormat;
  verbosity?: 'low' | 'medium' | 'high' | null;
  [field: string]: unknown;
}

export interface ResponsesRequest {
  model: string;
  input?: string | ResponsesInputItem[];
  instructions?: string | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  reasoning?: ResponsesReasoningConfig | null;
  text?: ResponsesTextConfig | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  truncation?: 'auto' | 'disabled' | null;
  /** Up to 16 string pairs, echoed in the response. */
  metadata?: Record<string, string> | null;
  /** `reasoning.encrypted_content`, `message.output_text.logprobs`, ... */
  include?: string[] | null;
  prompt_cache_key?: string | null;
  safety_identifier?: string | null;
  /** Codex's own bookkeeping; never sent to a translated provider. */
  client_metadata?: Record<string, unknown> | null;
  /** Keep the response for GET and `previous_response_id` (default true). */
  store?: boolean | null;
  previous_response_id?: string | null;
  stream?: boolean | null;
  stream_options?: { include_obfuscation?: boolean; [field: string]: unknown } | null;
  /** Deprecated by OpenAI in favour of `safety_identifier` and `prompt_cache_key`. */
  user?: string | null;
  [field: string]: unknown;
}

// The response object

export type ResponsesStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress';

export type ResponsesItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  status: ResponsesItemStatus;
  role: 'assistant';
  content: (ResponsesOutputText | ResponsesRefusal)[];
}

export interface ResponsesOutputFunctionCall {
  type: 'function_call';
  id: string;
  status: ResponsesItemStatus;
  call_id: string;
  name: string;
  arguments: string;
  namespace?: string;
}

export interface ResponsesOutputCustomToolCall {
  type: 'custom_tool_call';
  id: string;
  status: ResponsesItemStatus;
  call_id: string;
  name: string;
  input: string;
  namespace?: string;
}

export interface ResponsesOutputReasoning {
  type: 'reasoning';
  id: string;
  summary: ResponsesReasoningSummaryText[];
  encrypted_content?: string | null;
}

export type ResponsesOutputItem =
  | ResponsesOutputMessage
  | ResponsesOutputFunctionCall
  | ResponsesOutputCustomToolCall
  | ResponsesOutputReasoning;

export interface ResponsesUsage {
  /** All input tokens, cached ones included. */
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  /** All output tokens, reasoning ones included. */
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** What a `response.failed` carries (`context_length_exceeded`, `rate_limit_exceeded`, ...). */
export interface ResponsesError {
  code: string;
  message: string;
}

export interface ResponsesIncompleteDetails {
  reason: 'max_output_tokens' | 'content_filter';
}

export interface ResponsesResponse {
  id: string;
  object: 'response';
  /** Unix seconds. */
  created_at: number;
  status: ResponsesStatus;
  error: ResponsesError | null;
  incomplete_details: ResponsesIncompleteDetails | null;
  model: string;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  // The request's settings, echoed with OpenAI's defaults where the client left them out.
  instructions: string | null;
  tools: ResponsesTool[];
  tool_choice: ResponsesToolChoice;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  text: ResponsesTextConfig;
  reasoning: { effort: string | null; summary: string | null };
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  store: boolean;
  previous_response_id: string | null;
  truncation: 'auto' | 'disabled';
  prompt_cache_key: string | null;
  safety_identifier: string | null;
  user: string | null;
}

// Stream events (`event: <type>` with the same `type` and a `sequence_number` inside the data)

interface ItemEventFields {
  item_id: string;
  output_index: number;
}

export type ResponsesStreamEvent =
  | { type: 'response.created' | 'response.in_progress'; response: ResponsesResponse }
  | { type: 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesResponse }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | ({
      type: 'response.content_part.added' | 'response.content_part.done';
      content_index: number;
      part: ResponsesOutputText;
    } & ItemEventFields)
  | ({ type: 'response.output_text.delta'; content_index: number; delta: string; logprobs: unknown[] } & ItemEventFields)
  | ({ type: 'response.output_text.done'; content_index: number; text: string; logprobs: unknown[] } & ItemEventFields)
  | ({
      type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
      summary_index: number;
      part: ResponsesReasoningSummaryText;
    } & ItemEventFields)
  | ({ type: 'response.reasoning_summary_text.delta'; summary_index: number; delta: string } & ItemEventFields)
  | ({ type: 'response.reasoning_summary_text.done'; summary_index: number; text: string } & ItemEventFields)
  | ({ type: 'response.function_call_arguments.delta'; delta: string } & ItemEventFields)
  | ({ type: 'response.function_call_arguments.done'; name: string; arguments: string } & ItemEventFields)
  | ({ type: 'response.custom_tool_call_input.delta'; delta: string } & ItemEventFields)
  | ({ type: 'response.custom_tool_call_input.done'; input: string } & ItemEventFields);
