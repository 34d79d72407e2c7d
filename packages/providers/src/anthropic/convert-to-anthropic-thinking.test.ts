import { describe, expect, it } from 'vitest';
import { convertToAnthropicThinking } from './convert-to-anthropic-thinking';

describe('convertToAnthropicThinking', () => {
  it('sends no thinking without an effort or a reasoning request, and keeps max_tokens', () => {
    expect(convertToAnthropicThinking(undefined, undefined, 4096)).toEqual({ max_tokens: 4096 });
    expect(convertToAnthropicThinking(undefined, 'none', 4096)).toEqual({ max_tokens: 4096 });
    expect(convertToAnthropicThinking({ enabled: false }, 'high', 4096)).toEqual({ max_tokens: 4096 });
  });

  it('turns each reasoning_effort into a budget, raising max_tokens above it', () => {
    expect(convertToAnthropicThinking(undefined, 'minimal', 4096)).toEqual({
      thinking: { type: 'enabled', budget_tokens: 1024 },
      max_tokens: 4096,
    });
    expect(convertToAnthropicThinking(undefined, 'low', 4096).thinking?.budget_tokens).toBe(2048);
    expect(convertToAnthropicThinking(undefined, 'medium', 4096)).toEqual({
      thinking: { type: 'enabled', budget_tokens: 8192 },
      max_tokens: 8192 + 4096,
    });
    expect(convertToAnthropicThinking(undefined, 'high', 20_000)).toEqual({
      thinking: { type: 'enabled', budget_tokens: 16_384 },
      max_tokens: 20_000,
    });
    expect(convertToAnthropicThinking(undefined, 'high', 16_384).max_tokens).toBe(32_768);
  });

  it("takes the neutral request's budget or effort over the Chat Completions field", () => {
    expect(convertToAnthropicThinking({ enabled: true, budgetTokens: 5000 }, 'minimal', 16_000)).toEqual({
      thinking: { type: 'enabled', budget_tokens: 5000 },
      max_tokens: 16_000,
    });
    expect(convertToAnthropicThinking({ enabled: true, effort: 'low' }, 'high', 4096).thinking?.budget_tokens).toBe(2048);
    expect(convertToAnthropicThinking({ enabled: true }, undefined, 4096).thinking?.budget_tokens).toBe(8192);
    // Anthropic's minimum budget is 1024.
    expect(convertToAnthropicThinking({ enabled: true, budgetTokens: 100 }, undefined, 4096).thinking?.budget_tokens).toBe(1024);
  });

  it('refuses an effort it does not know, naming reasoning_effort', () => {
    expect(() => convertToAnthropicThinking(undefined, 'extreme', 4096)).toThrow(
      expect.objectContaining({ status: 400, param: 'reasoning_effort' }),
    );
  });
});
