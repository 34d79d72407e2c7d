import type { TokenUsage } from './token-usage';

/**
 * The largest token count one request may report. The largest context windows offered are about
 * 10M tokens (Llama 4 Scout; Gemini at 2M) and output windows a few hundred thousand, so 100M is
 * ten times anything a provider can bill for one request, while every count below it keeps the
 * cost arithmetic exact and fits the database's 32-bit integer columns (2^31 - 1). A count above
 * it is a provider bug, not a bill: pricing it would charge a key thousands of dollars at once.
 */
export const MAX_REPORTED_TOKENS = 100_000_000;

export type TokenUsageField = keyof TokenUsage;

/** The optional parts: checked when present, left absent when not. */
const OPTIONAL_FIELDS = ['cacheWrite1hTokens', 'audioInputTokens', 'audioOutputTokens'] as const;

/** Why a reported count was not used as it came. */
export type TokenUsageProblemReason =
  /** A string, null, boolean or object where a number belongs. */
  | 'not_a_number'
  /** NaN or an infinity. */
  | 'not_finite'
  | 'negative'
  | 'above_bound'
  /** A fraction of a token (rounded to the nearest whole token). */
  | 'not_integer'
  /** A part larger than its whole (cached above input, reasoning above output): lowered to it. */
  | 'above_total';

export interface TokenUsageProblem {
  field: TokenUsageField;
  reason: TokenUsageProblemReason;
  /** The value as reported, shortened, for the log (usage counts carry nothing secret). */
  reported: string;
}

export interface SanitizedTokenUsage {
  /** Finite non-negative integers within the bound, parts never above their wholes. */
  usage: TokenUsage;
  /** Empty when the report was sound. */
  problems: TokenUsageProblem[];
  /** Fields whose count was unusable and is 0 in `usage`: the gateway estimates these where it can. */
  dropped: TokenUsageField[];
}

const FIELDS: readonly TokenUsageField[] = [
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
];

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function problemOf(value: unknown, bound: number): TokenUsageProblemReason | undefined {
  if (typeof value !== 'number') return 'not_a_number';
  if (!Number.isFinite(value)) return 'not_finite';
  if (value < 0) return 'negative';
  if (value > bound) return 'above_bound';
  if (!Number.isInteger(value)) return 'not_integer';
  return undefined;
}

/**
 * The one gate every provider-reported usage passes on its way into the gateway (whole answers,
 * streams, embeddings; DESIGN.md contract 10), so cost is computed only from counts that are
 * finite non-negative integers within `bound`. A fraction is rounded; a count that is not a
 * number, not finite, negative or above the bound is dropped (0 here, named in `dropped`) for the
 * gateway to replace with its own estimate. Parts above their wholes are lowered to them, so the
 * uncached input is never negative. The input is typed loosely on purpose: adapters copy numbers
 * out of provider JSON, which may hold anything.
 */
export function sanitizeTokenUsage(reported: TokenUsage, bound = MAX_REPORTED_TOKENS): SanitizedTokenUsage {
  const source = reported as unknown as Record<TokenUsageField, unknown>;
  // The common case allocates nothing beyond the result: a sound report is returned as it came.
  let sound = true;
  for (const field of FIELDS) if (problemOf(source[field], bound) !== undefined) sound = false;
  for (const field of OPTIONAL_FIELDS) {
    if (source[field] !== undefined && problemOf(source[field], bound) !== undefined) sound = false;
  }
  if (
    sound &&
    reported.cachedInputTokens + reported.cacheWriteTokens <= reported.inputTokens &&
    reported.reasoningTokens <= reported.outputTokens &&
    (reported.cacheWrite1hTokens ?? 0) <= reported.cacheWriteTokens &&
    (reported.audioInputTokens ?? 0) <= reported.inputTokens &&
    (reported.audioOutputTokens ?? 0) <= reported.outputTokens
  ) {
    return { usage: reported, problems: [], dropped: [] };
  }

  const usage: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  const problems: TokenUsageProblem[] = [];
  const dropped: TokenUsageField[] = [];
  for (const field of FIELDS) {
    const value = source[field];
    const reason = problemOf(value, bound);
    if (reason === undefined) {
      usage[field] = value as number;
      continue;
    }
    problems.push({ field, reason, reported: shown(value) });
    if (reason === 'not_integer') usage[field] = Math.round(value as number);
    else dropped.push(field);
  }
  // An unusable optional part is dropped to absent: its tokens are then billed at the price of
  // their whole (plain input, 5-minute write, plain output), never lost.
  for (const field of OPTIONAL_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    const reason = problemOf(value, bound);
    if (reason === undefined) usage[field] = value as number;
    else {
      problems.push({ field, reason, reported: shown(value) });
      if (reason === 'not_integer') usage[field] = Math.round(value as number);
    }
  }
  // Only between counts that were kept: a dropped whole is estimated later, and the estimate
  // is raised to cover its parts there.
  if (!dropped.includes('inputTokens')) {
    const room = usage.inputTokens;
    if (usage.cachedInputTokens > room) {
      problems.push({ field: 'cachedInputTokens', reason: 'above_total', reported: String(usage.cachedInputTokens) });
      usage.cachedInputTokens = room;
    }
    if (usage.cacheWriteTokens > room - usage.cachedInputTokens) {
      problems.push({ field: 'cacheWriteTokens', reason: 'above_total', reported: String(usage.cacheWriteTokens) });
      usage.cacheWriteTokens = room - usage.cachedInputTokens;
    }
  }
  if (!dropped.includes('outputTokens') && usage.reasoningTokens > usage.outputTokens) {
    problems.push({ field: 'reasoningTokens', reason: 'above_total', reported: String(usage.reasoningTokens) });
    usage.reasoningTokens = usage.outputTokens;
  }
  lowerPart(usage, problems, 'cacheWrite1hTokens', usage.cacheWriteTokens);
  if (!dropped.includes('inputTokens')) lowerPart(usage, problems, 'audioInputTokens', usage.inputTokens);
  if (!dropped.includes('outputTokens')) lowerPart(usage, problems, 'audioOutputTokens', usage.outputTokens);
  return { usage, problems, dropped };
}

function lowerPart(
  usage: TokenUsage,
  problems: TokenUsageProblem[],
  field: (typeof OPTIONAL_FIELDS)[number],
  whole: number,
): void {
  const value = usage[field];
  if (value === undefined || value <= whole) return;
  problems.push({ field, reason: 'above_total', reported: String(value) });
  usage[field] = whole;
}

/** A short, stable description for the usage event's `estimatedReason` and the log. */
export function describeTokenUsageProblems(problems: readonly TokenUsageProblem[]): string {
  return `invalid_usage: ${problems.map((problem) => `${problem.field} ${problem.reason}`).join(', ')}`;
}
