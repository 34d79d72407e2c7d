import type { UsageEvent } from '@switchboard/usage';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

const BEHAVIOUR = { inputTokens: 100, cachedInputTokens: 40, reasoning: 'Let me think it over.' };

// [provider, model, the reasoning tokens its wire format reports apart from the output ones]
const UPSTREAMS = [
  ['deepseek', 'deepseek-v4-flash', 'openai', true],
  // Anthropic counts thinking inside output_tokens and reports no separate figure.
  ['claude', 'claude-sonnet-4-5', 'anthropic', false],
  ['gemini', 'gemini-2.5-flash', 'gemini', true],
  ['openai', 'gpt-5', 'openai', true],
] as const;

// The usage on the response object and in the usage event, per upstream format, whole and
// streamed: what the provider reported, in the Responses shape, once per request.
describe('Responses usage through the openai SDK', () => {
  let harness: Harness;
  let client: OpenAI;
  const usageEvents: UsageEvent[] = [];

  beforeAll(async () => {
    harness = await startHarness(
      UPSTREAMS.map(([id, model, format]) => ({
        id,
        format,
        models: [{ id: model }],
        behaviour: BEHAVIOUR,
        ...(id === 'openai' ? { responsesApi: true } : {}),
      })),
    );
    harness.gateway.context.usage = { record: (event) => usageEvents.push(event) };
    client = new OpenAI({ baseURL: harness.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    usageEvents.length = 0;
  });

  for (const [provider, model, , reportsReasoning] of UPSTREAMS) {
    it(`${provider}: input with cached tokens, output with reasoning tokens, whole and streamed, one event each`, async () => {
      const whole = await client.responses
        .create({ model, input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } })
        .withResponse();
      const stream = client.responses.stream({ model, input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } });
      const streamed = await stream.finalResponse();
      const sent = harness.simulator.requests(provider).at(-1)!.usageSent!;
      const reasoningTokens = reportsReasoning ? sent.reasoningTokens : 0;
      const expected = {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 40 },
        output_tokens: sent.outputTokens,
        output_tokens_details: { reasoning_tokens: reasoningTokens },
        total_tokens: 100 + sent.outputTokens,
      };
      expect(whole.data.usage).toEqual(expected);
      expect(streamed.usage).toEqual(expected);
      expect(whole.data.output.map((item) => item.type)).toEqual(['reasoning', 'message']);

      expect(usageEvents).toHaveLength(2);
      expect(usageEvents.map((event) => event.stream)).toEqual([false, true]);
      for (const event of usageEvents) {
        expect(event).toMatchObject({
          providerId: provider,
          endpoint: 'responses',
          outcome: 'success',
          inputTokens: 100,
          cachedInputTokens: 40,
          outputTokens: sent.outputTokens,
          reasoningTokens,
          estimated: false,
        });
      }
      expect(usageEvents[0]!.requestId).toBe(whole.response.headers.get('x-request-id'));
    });
  }
});
