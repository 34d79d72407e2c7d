import { invalidRequest } from '@switchboard/protocol';

// The parts of an Anthropic Messages (or count_tokens) body that counting reads, typed here until
// the Messages surface's decoder lands in packages/protocol. Everything else passes untouched.

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContent(value: unknown): value is string | MessagesContentBlock[] {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((block) => isRecord(block) && typeof block.type === 'string'))
  );
}

/** The body checked as far as counting needs, with a 400 naming the first field that is wrong. */
export function readCountTokensBody(value: unknown): CountTokensBody {
  if (!isRecord(value)) throw invalidRequest('The request body must be a JSON object.', null, 'invalid_body');
  if (typeof value.model !== 'string' || value.model.length === 0) {
    throw invalidRequest("'model' is required and must be a model name.", 'model', 'invalid_value');
  }
  if (!Array.isArray(value.messages))
    throw invalidRequest("'messages' is required and must be an array.", 'messages', 'invalid_value');
  for (const [index, message] of value.messages.entries()) {
    if (!isRecord(message) || typeof message.role !== 'string' || !isContent(message.content)) {
      throw invalidRequest(
        `'messages.${index}' must have a role and content (a string or an array of typed blocks).`,
        `messages.${index}`,
        'invalid_value',
      );
    }
  }
  if (value.system !== undefined && value.system !== null && !isContent(value.system)) {
    throw invalidRequest("'system' must be a string or an array of text blocks.", 'system', 'invalid_value');
  }
  if (value.tools !== undefined && value.tools !== null && !(Array.isArray(value.tools) && value.tools.every(isRecord))) {
    throw invalidRequest("'tools' must be an array of tool definitions.", 'tools', 'invalid_value');
  }
  return value as CountTokensBody;
}
