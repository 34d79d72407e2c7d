import { checkOpenAIIntegerField } from './check-openai-integer-field';
import { invalidRequest } from './gateway-error';
import { NUMERIC_FIELD_BOUNDS } from './numeric-field-bounds';
import type { EmbeddingsRequest } from './openai-embeddings-types';

export function validateEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON object.', null, 'invalid_body');
  }
  const record = body as Record<string, unknown>;
  if (record.model === undefined)
    throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (typeof record.model !== 'string' || record.model.length === 0) {
    throw invalidRequest("'model' must be a non-empty string.", 'model', 'invalid_type');
  }
  if (record.input === undefined)
    throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const input = record.input;
  const valid =
    typeof input === 'string' ||
    (Array.isArray(input) &&
      input.length > 0 &&
      (input.every((item) => typeof item === 'string') ||
        input.every((item) => typeof item === 'number') ||
        input.every((item) => Array.isArray(item))));
  if (!valid) {
    throw invalidRequest("'input' must be a string, an array of strings, or an array of token arrays.", 'input', 'invalid_type');
  }
  checkOpenAIIntegerField(record.dimensions, 'dimensions', NUMERIC_FIELD_BOUNDS.dimensions);
  return record as EmbeddingsRequest;
}
