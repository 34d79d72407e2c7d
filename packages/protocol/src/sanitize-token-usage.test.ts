import { describe, expect, it } from 'vitest';
import { describeTokenUsageProblems, MAX_REPORTED_TOKENS, sanitizeTokenUsage } from './sanitize-token-usage';
import type { TokenUsage } from './token-usage';

const sound: TokenUsage = {
  inputTokens: 1_000,
  cachedInputTokens: 400,
  cacheWriteTokens: 100,
  outputTokens: 50,
  reasoningTokens: 20,
};

/** A usage object as a provider's JSON may really hold it. */
const reported = (fields: Record<string, unknown>) => ({ ...sound, ...fields }) as unknown as TokenUsage;

describe('sanitizeTokenUsage', () => {
  it('returns a sound report unchanged, with no problems', () => {
    const result = sanitizeTokenUsage(sound);
    expect(result.usage).toBe(sound);
    expect(result.problems).toEqual([]);
    expect(result.dropped).toEqual([]);
  });

  it('drops negative, non-finite, absurd and non-numeric counts, naming each', () => {
    const result = sanitizeTokenUsage(
      reported({ inputTokens: -500, outputTokens: 1e300, cachedInputTokens: '12', reasoningTokens: Number.NaN }),
    );
    expect(result.usage).toEqual({
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 100,
      outputTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.dropped).toEqual(['inputTokens', 'cachedInputTokens', 'outputTokens', 'reasoningTokens']);
    expect(result.problems).toEqual([
      { field: 'inputTokens', reason: 'negative', reported: '-500' },
      { field: 'cachedInputTokens', reason: 'not_a_number', reported: '"12"' },
      { field: 'outputTokens', reason: 'above_bound', reported: '1e+300' },
      { field: 'reasoningTokens', reason: 'not_finite', reported: 'NaN' },
    ]);
    expect(describeTokenUsageProblems(result.problems)).toBe(
      'invalid_usage: inputTokens negative, cachedInputTokens not_a_number, outputTokens above_bound, reasoningTokens not_finite',
    );
  });

  it('keeps the bound itself and drops one token more; null, booleans and objects are not numbers', () => {
    expect(sanitizeTokenUsage(reported({ inputTokens: MAX_REPORTED_TOKENS })).problems).toEqual([]);
    expect(sanitizeTokenUsage(reported({ inputTokens: MAX_REPORTED_TOKENS + 1 })).dropped).toEqual(['inputTokens']);
    expect(sanitizeTokenUsage(reported({ outputTokens: 1_001 }), 1_000).dropped).toEqual(['outputTokens']);
    for (const value of [null, true, {}, [], Number.POSITIVE_INFINITY]) {
      expect(sanitizeTokenUsage(reported({ outputTokens: value })).dropped).toEqual(['outputTokens']);
    }
  });

  it('rounds a fraction of a token and says so, without dropping the count', () => {
    const result = sanitizeTokenUsage(reported({ outputTokens: 49.6 }));
    expect(result.usage.outputTokens).toBe(50);
    expect(result.dropped).toEqual([]);
    expect(result.problems).toEqual([{ field: 'outputTokens', reason: 'not_integer', reported: '49.6' }]);
  });

  it('lowers parts above their wholes, so the uncached input is never negative', () => {
    const result = sanitizeTokenUsage(
      reported({ inputTokens: 300, cachedInputTokens: 250, cacheWriteTokens: 100, reasoningTokens: 80 }),
    );
    expect(result.usage).toEqual({
      inputTokens: 300,
      cachedInputTokens: 250,
      cacheWriteTokens: 50,
      outputTokens: 50,
      reasoningTokens: 50,
    });
    expect(result.problems.map((problem) => `${problem.field} ${problem.reason}`)).toEqual([
      'cacheWriteTokens above_total',
      'reasoningTokens above_total',
    ]);
  });

  it('keeps the parts of a dropped whole for the estimate to cover', () => {
    const result = sanitizeTokenUsage(reported({ inputTokens: 'lots' }));
    expect(result.usage).toMatchObject({ inputTokens: 0, cachedInputTokens: 400, cacheWriteTokens: 100 });
    expect(result.dropped).toEqual(['inputTokens']);
  });

  it('shortens a long reported value', () => {
    const result = sanitizeTokenUsage(reported({ inputTokens: 'x'.repeat(500) }));
    expect(result.problems[0]!.reported.length).toBeLessThan(50);
  });

  it('checks the optional parts (1-hour writes, audio) and lowers them to their wholes', () => {
    const sound = reported({ cacheWriteTokens: 100, cacheWrite1hTokens: 60, audioInputTokens: 10, audioOutputTokens: 5 });
    expect(sanitizeTokenUsage(sound).usage).toBe(sound);
    const result = sanitizeTokenUsage(
      reported({ cacheWriteTokens: 100, cacheWrite1hTokens: 900, audioInputTokens: -3, audioOutputTokens: 2.6 }),
    );
    expect(result.usage.cacheWrite1hTokens).toBe(100);
    expect(result.usage.audioInputTokens).toBeUndefined();
    expect(result.usage.audioOutputTokens).toBe(3);
    expect(result.problems.map((problem) => `${problem.field} ${problem.reason}`)).toEqual([
      'audioInputTokens negative',
      'audioOutputTokens not_integer',
      'cacheWrite1hTokens above_total',
    ]);
  });
});
