import { invalidRequest } from '../../gateway-error';
import { integerFieldProblem } from '../../integer-field-problem';
import { type IntegerBounds, NUMERIC_FIELD_BOUNDS } from '../../numeric-field-bounds';
import type { AnthropicMessagesRequest } from './anthropic-messages-types';

// Checks only what the gateway itself reads (routing, the decoder, the stream writer), in one
// pass over the body without copying it: Claude Code sends bodies of several hundred KB.
// Everything else, unknown fields and block types included, is the upstream's to judge, and a
// native upstream receives it untouched. Messages and params use Anthropic's dotted paths
// (`messages.0.content`), as Anthropic's own 400s do.

const ROLES = new Set(['user', 'assistant', 'system']);

export interface ValidateMessagesOptions {
  /** `count_tokens` takes the same body without `max_tokens`. Default true. */
  requireMaxTokens?: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function optionalNumber(body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (!isAbsent(value) && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw invalidRequest(`${field}: Input should be a valid number.`, field, 'invalid_type');
  }
}

function optionalInteger(value: unknown, field: string, bounds: IntegerBounds): void {
  const problem = integerFieldProblem(value, bounds);
  if (problem === undefined) return;
  if (problem.kind === 'type') throw invalidRequest(`${field}: Input should be a valid integer.`, field, 'invalid_type');
  if (problem.kind === 'below') {
    throw invalidRequest(`${field}: Input should be greater than or equal to ${problem.limit}.`, field, 'invalid_value');
  }
  throw invalidRequest(`${field}: Input should be less than or equal to ${problem.limit}.`, field, 'invalid_value');
}

/** A content array: every element an object with a string `type` (the decoder switches on it). */
function checkBlocks(blocks: unknown[], path: string): void {
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    if (!isObject(block) || typeof block.type !== 'string') {
      const param = `${path}.${index}`;
      throw invalidRequest(`${param}: Input should be an object with a string 'type'.`, param, 'invalid_type');
    }
  }
}

export function validateMessagesRequest(body: unknown, options: ValidateMessagesOptions = {}): AnthropicMessagesRequest {
  if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.', null, 'invalid_body');

  if (body.model === undefined) throw invalidRequest('model: Field required.', 'model', 'missing_required_parameter');
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw invalidRequest('model: Input should be a non-empty string.', 'model', 'invalid_type');
  }

  if (body.max_tokens === undefined || body.max_tokens === null) {
    if (options.requireMaxTokens !== false) {
      throw invalidRequest('max_tokens: Field required.', 'max_tokens', 'missing_required_parameter');
    }
  } else {
    optionalInteger(body.max_tokens, 'max_tokens', NUMERIC_FIELD_BOUNDS.outputTokens);
  }

  const messages = body.messages;
  if (messages === undefined) throw invalidRequest('messages: Field required.', 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages)) throw invalidRequest('messages: Input should be a valid list.', 'messages', 'invalid_type');
  if (messages.length === 0) {
    throw invalidRequest('messages: List should have at least 1 item.', 'messages', 'invalid_value');
  }
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    const path = `messages.${index}`;
    if (!isObject(message)) throw invalidRequest(`${path}: Input should be an object.`, path, 'invalid_type');
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
      throw invalidRequest(`${path}.role: Input should be 'user', 'assistant' or 'system'.`, `${path}.role`, 'invalid_value');
    }
    const content = message.content;
    if (Array.isArray(content)) checkBlocks(content, `${path}.content`);
    else if (typeof content !== 'string') {
      throw invalidRequest(
        `${path}.content: Input should be a string or a list of content blocks.`,
        `${path}.content`,
        'invalid_type',
      );
    }
  }

  const system = body.system;
  if (!isAbsent(system)) {
    if (Array.isArray(system)) checkBlocks(system, 'system');
    else if (typeof system !== 'string') {
      throw invalidRequest('system: Input should be a string or a list of text blocks.', 'system', 'invalid_type');
    }
  }

  if (!isAbsent(body.stream) && typeof body.stream !== 'boolean') {
    throw invalidRequest('stream: Input should be a valid boolean.', 'stream', 'invalid_type');
  }
  optionalNumber(body, 'temperature');
  optionalNumber(body, 'top_p');
  optionalInteger(body.top_k, 'top_k', NUMERIC_FIELD_BOUNDS.topK);

  const stopSequences = body.stop_sequences;
  if (!isAbsent(stopSequences)) {
    if (!Array.isArray(stopSequences) || stopSequences.some((sequence) => typeof sequence !== 'string')) {
      throw invalidRequest('stop_sequences: Input should be a list of strings.', 'stop_sequences', 'invalid_type');
    }
  }

  const tools = body.tools;
  if (!isAbsent(tools)) {
    if (!Array.isArray(tools)) throw invalidRequest('tools: Input should be a valid list.', 'tools', 'invalid_type');
    for (let index = 0; index < tools.length; index++) {
      const tool = tools[index];
      const path = `tools.${index}`;
      if (!isObject(tool)) throw invalidRequest(`${path}: Input should be an object.`, path, 'invalid_type');
      if (typeof tool.name !== 'string' || tool.name.length === 0) {
        throw invalidRequest(`${path}.name: Field required.`, `${path}.name`, 'missing_required_parameter');
      }
      if (!isAbsent(tool.input_schema) && !isObject(tool.input_schema)) {
        throw invalidRequest(`${path}.input_schema: Input should be an object.`, `${path}.input_schema`, 'invalid_type');
      }
    }
  }

  const toolChoice = body.tool_choice;
  if (!isAbsent(toolChoice)) {
    if (!isObject(toolChoice) || typeof toolChoice.type !== 'string') {
      throw invalidRequest("tool_choice: Input should be an object with a string 'type'.", 'tool_choice', 'invalid_type');
    }
    if (toolChoice.type === 'tool' && typeof toolChoice.name !== 'string') {
      throw invalidRequest('tool_choice.name: Field required.', 'tool_choice.name', 'missing_required_parameter');
    }
  }

  const thinking = body.thinking;
  if (!isAbsent(thinking)) {
    if (!isObject(thinking) || typeof thinking.type !== 'string') {
      throw invalidRequest("thinking: Input should be an object with a string 'type'.", 'thinking', 'invalid_type');
    }
    if (thinking.type === 'enabled') {
      if (thinking.budget_tokens === undefined) {
        throw invalidRequest(
          'thinking.enabled.budget_tokens: Field required.',
          'thinking.budget_tokens',
          'missing_required_parameter',
        );
      }
      optionalInteger(thinking.budget_tokens, 'thinking.budget_tokens', NUMERIC_FIELD_BOUNDS.thinkingBudgetTokens);
    }
  }

  for (const field of ['metadata', 'output_config'] as const) {
    if (!isAbsent(body[field]) && !isObject(body[field])) {
      throw invalidRequest(`${field}: Input should be an object.`, field, 'invalid_type');
    }
  }

  return body as AnthropicMessagesRequest;
}
