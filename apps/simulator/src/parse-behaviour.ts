import type { SimulatedBehaviour } from './simulated-behaviour';
import { isRecord } from './wire/is-record';

type Check = (value: unknown) => boolean;

const isNonNegativeNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isNonNegativeInteger: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const isPositiveInteger: Check = (value) => Number.isInteger(value) && (value as number) > 0;
const isString: Check = (value) => typeof value === 'string';

const CHECKS: Record<keyof SimulatedBehaviour, { check: Check; expected: string }> = {
  latencyMs: { check: isNonNegativeNumber, expected: 'a number >= 0' },
  ttftMs: { check: isNonNegativeNumber, expected: 'a number >= 0' },
  chunkGapMs: { check: isNonNegativeNumber, expected: 'a number >= 0' },
  chunkCount: { check: isNonNegativeInteger, expected: 'an integer >= 0' },
  text: { check: isString, expected: 'a string' },
  reasoning: { check: isString, expected: 'a string' },
  errorStatus: {
    check: (value) => Number.isInteger(value) && (value as number) >= 400 && (value as number) <= 599,
    expected: 'a status 400-599',
  },
  errorMessage: { check: isString, expected: 'a string' },
  retryAfterSeconds: { check: isNonNegativeNumber, expected: 'a number >= 0' },
  failFirst: { check: isNonNegativeInteger, expected: 'an integer >= 0' },
  hang: { check: (value) => typeof value === 'boolean', expected: 'a boolean' },
  cutAfterChunks: { check: isNonNegativeInteger, expected: 'an integer >= 0' },
  toolCall: {
    check: (value) => isRecord(value) && typeof value.name === 'string' && value.name.length > 0 && isRecord(value.arguments),
    expected: 'an object { name: string, arguments: object }',
  },
  streamException: {
    check: (value) => isRecord(value) && typeof value.type === 'string' && typeof value.message === 'string',
    expected: 'an object { type: string, message: string }',
  },
  toolCallUntilResult: { check: (value) => typeof value === 'boolean', expected: 'a boolean' },
  expectedKey: { check: isString, expected: 'a string' },
  inputTokens: { check: isNonNegativeInteger, expected: 'an integer >= 0' },
  cachedInputTokens: { check: isNonNegativeInteger, expected: 'an integer >= 0' },
  promptCache: { check: (value) => typeof value === 'boolean', expected: 'a boolean' },
  usageOverride: { check: isRecord, expected: 'an object' },
  embeddingDimensions: { check: isPositiveInteger, expected: 'an integer > 0' },
};

export type ParsedBehaviour = { behaviour: Partial<SimulatedBehaviour> } | { problem: string };

/**
 * Checks a partial behaviour from JSON or from a caller. `null` (or `undefined`) means "back to
 * the default", which is how a JSON client clears `toolCall` or `errorStatus`.
 */
export function parseBehaviour(value: unknown): ParsedBehaviour {
  if (value === undefined || value === null) return { behaviour: {} };
  if (!isRecord(value)) return { problem: 'behaviour must be an object' };
  const behaviour: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const rule = CHECKS[key as keyof SimulatedBehaviour];
    if (rule === undefined) return { problem: `unknown behaviour field '${key}'` };
    if (field === null || field === undefined) behaviour[key] = undefined;
    else if (!rule.check(field)) return { problem: `behaviour.${key} must be ${rule.expected}` };
    else behaviour[key] = field;
  }
  return { behaviour: behaviour as Partial<SimulatedBehaviour> };
}
