import type { TokenUsage } from '@switchboard/protocol';
import { computeCostMicros, ratesFromModelPrice } from '@switchboard/usage';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../app/request-record';
import { finalizeRequestUsage } from './finalize-request-usage';

const PRICE = { input: 1, cachedInput: 0.1, output: 2 };
const DELIVERED = 'Thinking about it. The answer is forty-two, and {"city":"Paris"} as arguments.';

function interrupted(usage: TokenUsage | undefined, outcome = 'stream_interrupted'): RequestRecord {
  return {
    requestId: 'req_test',
    route: 'chat.completions',
    startedAt: 0,
    attempts: 1,
    attemptLog: [],
    stream: true,
    outcome,
    usage,
    servedPrice: { versionId: null, rates: ratesFromModelPrice(PRICE) },
    deliveredCharacters: DELIVERED.length,
    deliveredSample: DELIVERED,
    estimatedInputTokens: 50,
  };
}

const usage = (fields: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...fields,
});

// finalizeRequestUsage is the one place a stream that ended early is billed, whatever its format.
describe('finalizeRequestUsage for a stream that ended early', () => {
  const delivered = countTokens(DELIVERED);

  it('raises a provisional output count (Anthropic’s message_start 1) to what was delivered, keeping the cached input at its price', async () => {
    const record = interrupted(usage({ inputTokens: 2_000, cachedInputTokens: 1_500, outputTokens: 1 }));
    await finalizeRequestUsage(record);
    expect(record.usage).toEqual(usage({ inputTokens: 2_000, cachedInputTokens: 1_500, outputTokens: delivered }));
    expect(record.usageEstimated).toBe(true);
    expect(record.usageEstimateReason).toBe('stream_ended_before_final_usage');
    expect(record.costMicros).toBe(computeCostMicros(record.usage!, PRICE));
    // The cached part at the cached price: below what the same tokens cost uncached.
    expect(record.costMicros).toBeLessThan(computeCostMicros({ ...record.usage!, cachedInputTokens: 0 }, PRICE));
  });

  it('keeps the provider’s count when it is the larger, and never bills below the reasoning it reported', async () => {
    const larger = interrupted(usage({ inputTokens: 100, outputTokens: 500, reasoningTokens: 400 }), 'client_aborted');
    await finalizeRequestUsage(larger);
    expect(larger.usage?.outputTokens).toBe(500);
    expect(larger.usageEstimated).toBe(true);

    // Hidden reasoning the provider counted but never streamed (OpenAI's reasoning models).
    const hidden = interrupted(usage({ inputTokens: 100, outputTokens: 0, reasoningTokens: 300 }));
    await finalizeRequestUsage(hidden);
    expect(hidden.usage?.outputTokens).toBe(300);
  });

  it('without any report estimates the prompt and the delivered text, marked no_usage_reported', async () => {
    const record = interrupted(undefined, 'client_aborted');
    await finalizeRequestUsage(record);
    expect(record.usage).toEqual(usage({ inputTokens: 50, outputTokens: delivered }));
    expect(record.usageEstimateReason).toBe('no_usage_reported');
    expect(record.costMicros).toBe(computeCostMicros(usage({ inputTokens: 50, outputTokens: delivered }), PRICE));
  });

  it('estimates the input when the report so far had none, never below its cached part', async () => {
    const record = interrupted(usage({ inputTokens: 0, outputTokens: 3 }));
    await finalizeRequestUsage(record);
    expect(record.usage).toMatchObject({ inputTokens: 50, outputTokens: delivered });
  });

  it('leaves a finished stream’s report alone, unflagged', async () => {
    const record = { ...interrupted(usage({ inputTokens: 10, outputTokens: 1 })), outcome: 'success' };
    await finalizeRequestUsage(record);
    expect(record.usage?.outputTokens).toBe(1);
    expect(record.usageEstimated).toBeUndefined();
  });
});
