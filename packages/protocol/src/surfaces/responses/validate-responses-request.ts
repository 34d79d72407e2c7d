import { checkOpenAIIntegerField } from '../../check-openai-integer-field';
import { invalidRequest } from '../../gateway-error';
import { NUMERIC_FIELD_BOUNDS } from '../../numeric-field-bounds';
import type { ResponsesRequest } from './responses-types';

// Checks only what the gateway itself reads (routing, the decoder, the stream writer), in one
// pass over the body without copying it: Codex sends its whole conversation every turn.
// Everything else, unknown fields and item types included, is the upstream's to judge, and a
// native upstream receives it untouched. Params use OpenAI's paths (`input[2].content`) and its
// messages' wording ("Invalid type for 'input[2].content': ..."), as OpenAI's own 400s do.

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);
const TOOL_CHOICE_MODES = new Set(['none', 'auto', 'required']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function invalidType(param: string, expected: string, value: unknown) {
  return invalidRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${kindOf(value)} instead.`,
    param,
    'invalid_type',
  );
}

function missing(param: string) {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

function requireString(container: Record<string, unknown>, field: string, path: string): void {
  const value = container[field];
  if (value === undefined) throw missing(`${path}.${field}`);
  if (typeof value !== 'string') throw invalidType(`${path}.${field}`, 'a string', value);
}

function optionalOfType(body: Record<string, unknown>, field: string, type: 'string' | 'boolean' | 'number'): void {
  const value = body[field];
  if (isAbsent(value)) return;
  if (typeof value !== type || (type === 'number' && !Number.isFinite(value))) {
    throw invalidType(field, `a ${type === 'number' ? 'decimal' : type}`, value);
  }
}

function optionalObject(value: unknown, param: string): void {
  if (!isAbsent(value) && !isObject(value)) throw invalidType(param, 'an object', value);
}

/** A content or output list: every element an object with a string `type` (the decoder switches on it). */
function checkParts(parts: unknown[], path: string): void {
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    const param = `${path}[${index}]`;
    if (!isObject(part)) throw invalidType(param, 'an object', part);
    if (typeof part.type !== 'string')
      throw part.type === undefined ? missing(`${param}.type`) : invalidType(`${param}.type`, 'a string', part.type);
  }
}

function checkMessage(item: Record<string, unknown>, path: string): void {
  if (item.role === undefined) throw missing(`${path}.role`);
  if (typeof item.role !== 'string' || !ROLES.has(item.role)) {
    throw invalidRequest(
      `Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`,
      `${path}.role`,
      'invalid_value',
    );
  }
  const content = item.content;
  if (content === undefined) throw missing(`${path}.content`);
  if (Array.isArray(content)) checkParts(content, `${path}.content`);
  else if (typeof content !== 'string') throw invalidType(`${path}.content`, 'a string or an array of content parts', content);
}

function checkToolOutput(item: Record<string, unknown>, path: string): void {
  requireString(item, 'call_id', path);
  const output = item.output;
  if (output === undefined) throw missing(`${path}.output`);
  if (Array.isArray(output)) checkParts(output, `${path}.output`);
  else if (typeof output !== 'string') throw invalidType(`${path}.output`, 'a string or an array of content parts', output);
}

function checkItem(item: unknown, path: string): void {
  if (!isObject(item)) throw invalidType(path, 'an object', item);
  const type = item.type;
  if (isAbsent(type)) {
    // `{role, content}` is a message; `{id}` alone a reference to a stored item.
    if (item.role !== undefined) checkMessage(item, path);
    else if (typeof item.id !== 'string') throw missing(`${path}.type`);
    return;
  }
  if (typeof type !== 'string') throw invalidType(`${path}.type`, 'a string', type);
  switch (type) {
    case 'message':
      checkMessage(item, path);
      return;
    case 'function_call':
      requireString(item, 'call_id', path);
      requireString(item, 'name', path);
      requireString(item, 'arguments', path);
      return;
    case 'custom_tool_call':
      requireString(item, 'call_id', path);
      requireString(item, 'name', path);
      requireString(item, 'input', path);
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      checkToolOutput(item, path);
      return;
    case 'reasoning': {
      const summary = item.summary;
      if (!isAbsent(summary)) {
        if (!Array.isArray(summary)) throw invalidType(`${path}.summary`, 'an array', summary);
        checkParts(summary, `${path}.summary`);
      }
      if (!isAbsent(item.encrypted_content) && typeof item.encrypted_content !== 'string') {
        throw invalidType(`${path}.encrypted_content`, 'a string', item.encrypted_content);
      }
      return;
    }
    case 'item_reference':
      requireString(item, 'id', path);
      return;
    default:
      // Hosted tool calls and item types added after this file: the upstream's to judge.
      return;
  }
}

function checkFunctionLike(tool: Record<string, unknown>, path: string): void {
  requireString(tool, 'name', path);
  if (tool.type === 'function') optionalObject(tool.parameters, `${path}.parameters`);
  if (tool.type === 'custom' && !isAbsent(tool.format)) {
    const format = tool.format;
    if (!isObject(format) || typeof format.type !== 'string')
      throw invalidType(`${path}.format`, 'an object with a string type', format);
    if (format.type === 'grammar') {
      requireString(format, 'definition', `${path}.format`);
      requireString(format, 'syntax', `${path}.format`);
    }
  }
}

function checkTools(tools: unknown): void {
  if (isAbsent(tools)) return;
  if (!Array.isArray(tools)) throw invalidType('tools', 'an array', tools);
  for (let index = 0; index < tools.length; index++) {
    const tool = tools[index];
    const path = `tools[${index}]`;
    if (!isObject(tool)) throw invalidType(path, 'an object', tool);
    if (tool.type === undefined) throw missing(`${path}.type`);
    if (typeof tool.type !== 'string') throw invalidType(`${path}.type`, 'a string', tool.type);
    if (tool.type === 'function' || tool.type === 'custom') checkFunctionLike(tool, path);
    else if (tool.type === 'namespace') {
      requireString(tool, 'name', path);
      const members = tool.tools;
      if (members === undefined) throw missing(`${path}.tools`);
      if (!Array.isArray(members)) throw invalidType(`${path}.tools`, 'an array', members);
      for (let member = 0; member < members.length; member++) {
        const memberPath = `${path}.tools[${member}]`;
        const memberTool = members[member];
        if (!isObject(memberTool)) throw invalidType(memberPath, 'an object', memberTool);
        checkFunctionLike(memberTool, memberPath);
      }
    }
  }
}

function checkToolChoice(choice: unknown): void {
  if (isAbsent(choice)) return;
  if (typeof choice === 'string') {
    if (!TOOL_CHOICE_MODES.has(choice)) {
      throw invalidRequest(
        `Invalid value: '${choice}'. Supported values are: 'none', 'auto', and 'required'.`,
        'tool_choice',
        'invalid_value',
      );
    }
    return;
  }
  if (!isObject(choice)) throw invalidType('tool_choice', 'one of a string or an object', choice);
  if (typeof choice.type !== 'string')
    throw choice.type === undefined ? missing('tool_choice.type') : invalidType('tool_choice.type', 'a string', choice.type);
  if (choice.type === 'function' || choice.type === 'custom') requireString(choice, 'name', 'tool_choice');
  if (choice.type === 'allowed_tools') {
    if (choice.mode !== 'auto' && choice.mode !== 'required') {
      throw invalidRequest(
        `Invalid value: '${String(choice.mode)}'. Supported values are: 'auto' and 'required'.`,
        'tool_choice.mode',
        'invalid_value',
      );
    }
    if (!Array.isArray(choice.tools)) throw invalidType('tool_choice.tools', 'an array', choice.tools);
    checkParts(choice.tools, 'tool_choice.tools');
  }
}

function checkText(text: unknown): void {
  if (isAbsent(text)) return;
  if (!isObject(text)) throw invalidType('text', 'an object', text);
  const format = text.format;
  if (isAbsent(format)) return;
  if (!isObject(format)) throw invalidType('text.format', 'an object', format);
  if (typeof format.type !== 'string')
    throw format.type === undefined ? missing('text.format.type') : invalidType('text.format.type', 'a string', format.type);
  if (format.type === 'json_schema') {
    requireString(format, 'name', 'text.format');
    if (format.schema === undefined) throw missing('text.format.schema');
    if (!isObject(format.schema)) throw invalidType('text.format.schema', 'an object', format.schema);
  }
}

export function validateResponsesRequest(body: unknown): ResponsesRequest {
  if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.', null, 'invalid_body');

  if (body.model === undefined) throw missing('model');
  if (typeof body.model !== 'string' || body.model.length === 0) throw invalidType('model', 'a non-empty string', body.model);

  const input = body.input;
  if (!isAbsent(input)) {
    if (Array.isArray(input)) {
      for (let index = 0; index < input.length; index++) checkItem(input[index], `input[${index}]`);
    } else if (typeof input !== 'string') {
      throw invalidType('input', 'one of a string or an array of input items', input);
    }
  }

  if (!isAbsent(body.instructions) && typeof body.instructions !== 'string') {
    throw invalidType('instructions', 'a string', body.instructions);
  }
  checkTools(body.tools);
  checkToolChoice(body.tool_choice);
  checkText(body.text);
  checkOpenAIIntegerField(body.max_output_tokens, 'max_output_tokens', NUMERIC_FIELD_BOUNDS.outputTokens);
  checkOpenAIIntegerField(body.top_logprobs, 'top_logprobs', NUMERIC_FIELD_BOUNDS.topLogprobs);

  for (const field of ['stream', 'store', 'parallel_tool_calls', 'background']) optionalOfType(body, field, 'boolean');
  for (const field of ['temperature', 'top_p']) optionalOfType(body, field, 'number');
  for (const field of ['previous_response_id', 'prompt_cache_key', 'safety_identifier', 'user', 'truncation']) {
    optionalOfType(body, field, 'string');
  }
  for (const field of ['metadata', 'reasoning', 'stream_options', 'client_metadata']) optionalObject(body[field], field);

  const reasoning = body.reasoning;
  if (isObject(reasoning)) {
    for (const field of ['effort', 'summary']) {
      if (!isAbsent(reasoning[field]) && typeof reasoning[field] !== 'string') {
        throw invalidType(`reasoning.${field}`, 'a string', reasoning[field]);
      }
    }
  }

  const include = body.include;
  if (!isAbsent(include) && (!Array.isArray(include) || include.some((entry) => typeof entry !== 'string'))) {
    throw invalidType('include', 'an array of strings', include);
  }

  return body as ResponsesRequest;
}
