import { describe, expect, it } from 'vitest';
import { largestOutputLimit } from './largest-output-limit';

describe('largestOutputLimit', () => {
  it('takes the larger of max_tokens and max_completion_tokens, whichever is sent', () => {
    expect(largestOutputLimit({ max_tokens: 100, max_completion_tokens: 4000 })).toBe(4000);
    expect(largestOutputLimit({ max_tokens: 4000, max_completion_tokens: 100 })).toBe(4000);
    expect(largestOutputLimit({ max_tokens: 300 })).toBe(300);
    expect(largestOutputLimit({ max_completion_tokens: 300, max_tokens: null })).toBe(300);
    expect(largestOutputLimit({})).toBeUndefined();
  });
});
