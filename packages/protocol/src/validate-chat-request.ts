import { checkOpenAIIntegerField } from './check-openai-integer-field';
import { invalidRequest } from './gateway-error';
import { NUMERIC_FIELD_BOUNDS } from './numeric-field-bounds';
import type { ChatCompletionRequest } from './openai-chat-types';

// Validates only what routing and the adapters rely on. Everything else is the upstream's to
// judge: OpenAI-shaped upstreams receive unknown fields untouched and answer for them.

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalNumber(body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw invalidRequest(`'${field}' must be a number.`, field, 'invalid_type');
  }
}

export function validateChatRequest(body: unknown): ChatCompletionRequest {
  if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.', null, 'invalid_body');
  if (body.model === undefined)
    throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw invalidRequest("'model' must be a non-empty string.", 'model', 'invalid_type');
  }
  if (body.messages === undefined) {
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (!Array.isArray(body.messages)) throw invalidRequest("'messages' must be an array.", 'messages', 'invalid_type');
  if (body.messages.length === 0) {
    throw invalidRequest("'messages' must contain at least one message.", 'messages', 'invalid_value');
  }
  for (let index = 0; index < body.messages.length; index++) {
    const message = body.messages[index];
    const param = `messages[${index}]`;
    if (!isObject(message)) throw invalidRequest(`'${param}' must be an object.`, param, 'invalid_type');
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
      throw invalidRequest(`'${param}.role' must be one of ${[...ROLES].join(', ')}.`, `${param}.role`, 'invalid_value');
    }
    const content = message.content;
    if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      throw invalidRequest(
        `'${param}.content' must be a string or an array of content parts.`,
        `${param}.content`,
        'invalid_type',
      );
    }
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw invalidRequest("'stream' must be a boolean.", 'stream', 'invalid_type');
  }
  if (body.stream_options !== undefined && body.stream_options !== null && !isObject(body.stream_options)) {
    throw invalidRequest("'stream_options' must be an object.", 'stream_options', 'invalid_type');
  }
  // Output limits feed the budget reservation: a 0, negative or fractional one must not shrink it.
  checkOpenAIIntegerField(body.max_tokens, 'max_tokens', NUMERIC_FIELD_BOUNDS.outputTokens);
  checkOpenAIIntegerField(body.max_completion_tokens, 'max_completion_tokens', NUMERIC_FIELD_BOUNDS.outputTokens);
  checkOpenAIIntegerField(body.n, 'n', NUMERIC_FIELD_BOUNDS.choices);
  checkOpenAIIntegerField(body.top_logprobs, 'top_logprobs', NUMERIC_FIELD_BOUNDS.topLogprobs);
  if (body.logprobs !== undefined && body.logprobs !== null && typeof body.logprobs !== 'boolean') {
    throw invalidRequest("'logprobs' must be a boolean.", 'logprobs', 'invalid_type');
  }
  optionalNumber(body, 'temperature');
  optionalNumber(body, 'top_p');
  if (body.tools !== undefined && !Array.isArray(body.tools))
    throw invalidRequest("'tools' must be an array.", 'tools', 'invalid_type');
  return body as ChatCompletionRequest;
}
