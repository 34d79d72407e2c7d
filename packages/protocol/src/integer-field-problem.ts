import type { IntegerBounds } from './numeric-field-bounds';

export type IntegerFieldProblem = { kind: 'type' } | { kind: 'below'; limit: number } | { kind: 'above'; limit: number };

/**
 * What is wrong with a client's integer field, or undefined when it is absent (undefined or
 * null) or an integer within the bounds. Each surface words the problem in its own dialect.
 */
export function integerFieldProblem(value: unknown, bounds: IntegerBounds): IntegerFieldProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return { kind: 'type' };
  if (value < bounds.minimum) return { kind: 'below', limit: bounds.minimum };
  if (value > bounds.maximum) return { kind: 'above', limit: bounds.maximum };
  return undefined;
}
