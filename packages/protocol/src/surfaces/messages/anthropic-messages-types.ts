// Anthropic Messages API wire types as the inbound surface receives and answers them
// (https://docs.anthropic.com/en/api/messages). Only what the gateway reads is typed closely;
// Anthropic adds block types, tools and fields often, so every shape admits unknown fields and
// the validator lets them through for native passthrough.

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

// Request content blocks

export interface AnthropicTextBlockParam {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl | null;
  citations?: unknown[] | null;
  [field: string]: unknown;
}

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export interface AnthropicImageBlockParam {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: 'application/pdf' | string; data: string }
  | { type: 'text'; media_type: 'text/plain' | string; data: string }
  | { type: 'url'; url: string }
  | { type: 'content'; content: string | AnthropicContentBlockParam[] }
  | { type: 'file'; file_id: string };

export interface AnthropicDocumentBlockParam {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string | null;
  context?: string | null;
  citations?: { enabled?: boolean } | null;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | AnthropicContentBlockParam[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export interface AnthropicThinkingBlockParam {
  type: 'thinking';
  thinking: string;
  /** Opaque; must go back to Anthropic byte for byte. */
  signature: string;
  [field: string]: unknown;
}

export interface AnthropicRedactedThinkingBlockParam {
  type: 'redacted_thinking';
  data: string;
  [field: string]: unknown;
}

/** A server tool call replayed in history (`web_search`, `web_fetch`, `code_execution`, ...). */
export interface AnthropicServerToolUseBlockParam {
  type: 'server_tool_use';
  id: string;
  name: string;
  input: unknown;
  [field: string]: unknown;
}

/** Server tool results (`web_search_tool_result`, ...) and block types added after this file. */
export interface AnthropicOtherBlockParam {
  type: string;
  [field: string]: unknown;
}

export type AnthropicContentBlockParam =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicDocumentBlockParam
  | AnthropicToolUseBlockParam
  | AnthropicToolResultBlockParam
  | AnthropicThinkingBlockParam
  | AnthropicRedactedThinkingBlockParam
  | AnthropicServerToolUseBlockParam
  | AnthropicOtherBlockParam;

export interface AnthropicMessageParam {
  /** `system` is not in Anthropic's reference, but Claude Code sends it mid-conversation. */
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicContentBlockParam[];
  [field: string]: unknown;
}

// Tools

/** A tool the client runs, described by a JSON schema (`type` absent or `custom`). */
export interface AnthropicCustomTool {
  type?: 'custom' | null;
  name: string;
  description?: string;
  /** JSON Schema; may carry a `$schema` key (Claude Code's MCP tools do). */
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl | null;
  strict?: boolean;
  [field: string]: unknown;
}

/**
 * A tool Anthropic defines (`web_search_20250305`, `bash_20250124`, `text_editor_...`,
 * `computer_...`, `code_execution_...`): named by `type`, with no schema of its own.
 */
export interface AnthropicServerTool {
  type: string;
  name: string;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export type AnthropicTool = AnthropicCustomTool | AnthropicServerTool;

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number; [field: string]: unknown }
  | { type: 'adaptive'; [field: string]: unknown }
  | { type: 'disabled' };

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface AnthropicOutputConfig {
  effort?: AnthropicEffort | string;
  /** Native structured output. */
  format?: { type: 'json_schema'; schema: Record<string, unknown> } | null;
  [field: string]: unknown;
}

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlockParam[];
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  metadata?: { user_id?: string | null; [field: string]: unknown };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  /** Server-side context editing (clearing old tool results); Anthropic-format upstreams only. */
  context_management?: Record<string, unknown> | null;
  service_tier?: 'auto' | 'standard_only' | string;
  [field: string]: unknown;
}

// Responses

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface AnthropicUsage {
  /** Input tokens after the last cache breakpoint: cache reads and writes are counted apart. */
  input_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  output_tokens: number;
  [field: string]: unknown;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  citations?: unknown[] | null;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolUseBlock;

/** The whole answer (`type: "message"`), and the `message` of a stream's `message_start`. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

// Stream events (`event: <type>` with the same `type` inside the JSON data)

export type AnthropicContentDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string };

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface AnthropicErrorObject {
  type: AnthropicErrorType;
  message: string;
}

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: AnthropicUsage;
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorObject };

export interface AnthropicErrorBody {
  type: 'error';
  error: AnthropicErrorObject;
  request_id: string;
}
