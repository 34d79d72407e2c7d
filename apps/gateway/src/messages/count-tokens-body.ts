// The parts of an Anthropic Messages (or count_tokens) body the local counter reads, loosely typed:
// it counts any block's text whatever its type. The body is validated by the Messages surface's
// validateMessagesRequest.

/** A content block; `type` says which (text, image, document, tool_use, tool_result, thinking...). */
export interface MessagesContentBlock {
  type: string;
  [field: string]: unknown;
}

export interface MessagesBodyMessage {
  /** user and assistant, and the `system` messages Claude Code sends inside `messages`. */
  role: string;
  content: string | MessagesContentBlock[];
}

export interface CountTokensBody {
  model: string;
  system?: string | MessagesContentBlock[];
  messages: MessagesBodyMessage[];
  tools?: Record<string, unknown>[];
  tool_choice?: unknown;
  [field: string]: unknown;
}
