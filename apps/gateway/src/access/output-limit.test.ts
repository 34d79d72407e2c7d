import type { CatalogProvider, ChatCompletionRequest, NeutralRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../attempts/plan-attempts';
import { outputLimitOf, requestedOutputTokens } from './output-limit';

function attemptAt(provider: Partial<CatalogProvider>): Attempt {
  return {
    provider: {
      id: 'p',
      adapter: 'openai-compatible',
      baseUrl: 'https://api.deepseek.com',
      enabled: true,
      models: [],
      ...provider,
    },
    model: { id: 'm', upstream: 'm', kind: 'chat' },
  } as unknown as Attempt;
}

describe('outputLimitOf', () => {
  it('takes the largest limit a client sent, and lowers every field it sent', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [], max_tokens: 5_000, max_completion_tokens: 1_000 };
    expect(requestedOutputTokens(request)).toBe(5_000);
    const limit = outputLimitOf(request);
    expect(limit).toMatchObject({ requested: 5_000, minimumTokens: 1 });
    limit.write(800, attemptAt({}));
    expect(request).toMatchObject({ max_tokens: 800, max_completion_tokens: 800 });
  });

  it('adds the field the upstream takes when the client sent none, per attempt', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [] };
    const limit = outputLimitOf(request);
    expect(limit.requested).toBeUndefined();
    limit.write(32_768, attemptAt({}));
    expect(request).toEqual({ model: 'm', messages: [], max_tokens: 32_768 });
    // OpenAI's reasoning models refuse max_tokens: a fallback there gets max_completion_tokens only.
    limit.write(16_384, attemptAt({ baseUrl: 'https://api.openai.com/v1' }));
    expect(request).toEqual({ model: 'm', messages: [], max_completion_tokens: 16_384 });
  });

  it('keeps an Anthropic thinking budget below max_tokens in the native body, and needs room for it', () => {
    const body: Record<string, unknown> = {
      model: 'claude',
      max_tokens: 20_000,
      thinking: { type: 'enabled', budget_tokens: 16_000 },
      messages: [],
    };
    const chat: ChatCompletionRequest = { model: 'claude', messages: [], max_tokens: 20_000 };
    const neutral = {
      surface: 'messages',
      chat,
      reasoning: { enabled: true, budgetTokens: 16_000 },
      native: { format: 'anthropic-messages', body, headers: {} },
    } as NeutralRequest;
    const limit = outputLimitOf(chat, neutral);
    expect(limit).toMatchObject({ requested: 20_000, minimumTokens: 1_025 });
    limit.write(4_000, attemptAt({ adapter: 'anthropic' }));
    expect(body).toMatchObject({ max_tokens: 4_000, thinking: { type: 'enabled', budget_tokens: 3_999 } });
    expect(chat.max_tokens).toBe(4_000);
    expect(neutral.reasoning?.budgetTokens).toBe(3_999);
  });

  it('lowers a translated reasoning_effort for Anthropic so its thinking budget fits, and keeps it elsewhere', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [], reasoning_effort: 'high' };
    const limit = outputLimitOf(request);
    limit.write(10_000, attemptAt({ adapter: 'anthropic' }));
    // high thinks 16,384 tokens, medium 8,192: below the 10,000 sent.
    expect(request).toMatchObject({ max_tokens: 10_000, reasoning_effort: 'medium' });
    limit.write(1_000, attemptAt({ adapter: 'anthropic' }));
    expect(request.reasoning_effort).toBe('none');
    limit.write(1_000, attemptAt({}));
    expect(request.reasoning_effort).toBe('high');
  });

  it('writes max_output_tokens into a Responses body', () => {
    const body: Record<string, unknown> = { model: 'gpt-5', input: 'hi' };
    const chat: ChatCompletionRequest = { model: 'gpt-5', messages: [] };
    const neutral = { surface: 'responses', chat, native: { format: 'openai-responses', body, headers: {} } } as NeutralRequest;
    const limit = outputLimitOf(chat, neutral);
    expect(limit.requested).toBeUndefined();
    limit.write(2_000, attemptAt({ baseUrl: 'https://api.openai.com/v1' }));
    expect(body.max_output_tokens).toBe(2_000);
    expect(chat.max_completion_tokens).toBe(2_000);
  });
});
