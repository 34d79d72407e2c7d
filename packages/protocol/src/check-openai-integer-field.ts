import { invalidRequest } from './gateway-error';
import { integerFieldProblem } from './integer-field-problem';
import type { IntegerBounds } from './numeric-field-bounds';

function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'a decimal number' : 'a non-finite number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Throws OpenAI's own 400 for an integer field outside its bounds (Chat Completions, Responses,
 * embeddings, legacy completions), naming the field in `param` and with OpenAI's wording and
 * codes (`integer_below_min_value`, `integer_above_max_value`, `invalid_type`).
 */
export function checkOpenAIIntegerField(value: unknown, param: string, bounds: IntegerBounds): void {
  const problem = integerFieldProblem(value, bounds);
  if (problem === undefined) return;
  if (problem.kind === 'type') {
    throw invalidRequest(
      `Invalid type for '${param}': expected an integer, but got ${describe(value)} instead.`,
      param,
      'invalid_type',
    );
  }
  if (problem.kind === 'below') {
    throw invalidRequest(
      `Invalid '${param}': integer below minimum value. Expected a value >= ${problem.limit}, but got ${String(value)} instead.`,
      param,
      'integer_below_min_value',
    );
  }
  throw invalidRequest(
    `Invalid '${param}': integer above maximum value. Expected a value <= ${problem.limit}, but got ${String(value)} instead.`,
    param,
    'integer_above_max_value',
  );
}
