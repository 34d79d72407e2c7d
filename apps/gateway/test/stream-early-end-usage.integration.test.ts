import { countTokens } from 'gpt-tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedGeneration } from './parity-cases';
import { type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// A stream that ends early (the upstream cut it, or the client left) bills the larger of what the
// provider reported and an estimate of what was delivered, on every wire format, and says it is
// estimated: one place (finalizeRequestUsage) for all of them.

const PRICE = { input: 0.14, cachedInput: 0.028, output: 0.28 };
const costMicros = (input: number, cached: number, output: number) =>
  Math.round((input - cached) * PRICE.input + cached * PRICE.cachedInput + output * PRICE.output);

type Format = 'openai' | 'anthropic' | 'gemini';
const ADAPTER: Record<Format, string> = { openai: 'openai-compatible', anthropic: 'anthropic', gemini: 'gemini' };

interface Case {
  label: string;
  path: string;
  upstream: Format;
  headers(key: string): Record<string, string>;
  body(model: string): unknown;
}

const bearer = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });
/** What the format's stream reported before its end: Anthropic's message_start the input and the
 * cached part, Gemini's chunks before the last the prompt count only, OpenAI shapes nothing. */
const reportedEarly: Record<Format, { prompt: number; cached: number } | undefined> = {
  openai: undefined,
  anthropic: { prompt: 1_000, cached: 400 },
  gemini: { prompt: 1_000, cached: 0 },
};

const cases: Case[] = [
  {
    label: 'chat completions -> openai',
    path: '/v1/chat/completions',
    upstream: 'openai',
    headers: bearer,
    body: (model) => ({ model, stream: true, messages: [{ role: 'user', content: 'Count' }] }),
  },
  {
    label: 'messages -> anthropic',
    path: '/v1/messages',
    upstream: 'anthropic',
    headers: (key) => ({ 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
    body: (model) => ({ model, stream: true, max_tokens: 256, messages: [{ role: 'user', content: 'Count' }] }),
  },
  {
    label: 'responses -> openai',
    path: '/v1/responses',
    upstream: 'openai',
    headers: bearer,
    body: (model) => ({ model, stream: true, input: 'Count' }),
  },
  {
    label: 'chat completions -> gemini',
    path: '/v1/chat/completions',
    upstream: 'gemini',
    headers: bearer,
    body: (model) => ({ model, stream: true, messages: [{ role: 'user', content: 'Count' }] }),
  },
];

let harness: SwitchboardHarness;

beforeAll(async () => {
  harness = await startSwitchboardHarness({ environmentKey: 'sk-simulated' });
  for (const upstream of ['openai', 'anthropic', 'gemini'] as const) {
    const id = `early-${upstream}`;
    const { baseUrl } = harness.simulator.addProvider(id, upstream, {});
    const created = await harness.admin('POST', '/admin/providers', {
      id,
      adapter: ADAPTER[upstream],
      baseUrl,
      models: [{ id: `${id}-model`, price: PRICE }],
    });
    expect(created.status, created.text).toBe(201);
    await harness.addKey(id, 'main', `sk-${id}-simulated`);
  }
});
afterAll(() => harness?.close());

describe.each(cases)('a stream that ends early on $label', (testCase) => {
  const provider = `early-${testCase.upstream}`;
  const model = `${provider}-model`;
  const send = (signal?: AbortSignal) =>
    fetch(`${harness.url}${testCase.path}`, {
      method: 'POST',
      headers: testCase.headers(harness.apiKey),
      body: JSON.stringify(testCase.body(model)),
      signal,
    });

  it('cut by the upstream: billed for what was delivered, cached input at the cached price, marked estimated', async () => {
    harness.simulator.setBehaviour(provider, {
      inputTokens: 1_000,
      cachedInputTokens: 400,
      chunkCount: 10,
      cutAfterChunks: 4,
      chunkGapMs: 0,
    });
    const answer = await send();
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id')!;
    await answer.text();
    const stored = await storedGeneration(harness, requestId);
    const delivered = countTokens(`Hello from ${provider}. Token 2. Token 3. Token 4.`);
    expect(stored).toMatchObject({
      outcome: 'stream_interrupted',
      error_code: 'upstream_stream_cut',
      usage_estimated: true,
      tokens_completion: delivered,
    });
    const early = reportedEarly[testCase.upstream];
    if (!early) {
      // Chat and Responses streams report usage only at their end: the prompt is estimated, and
      // nothing says which of it was cached, so none is billed as cached.
      expect(stored.usage_estimated_reason).toBe('no_usage_reported');
      expect(stored.native_tokens_cached).toBe(0);
    } else {
      // The input (and cached part) reported early is kept, while the placeholder output
      // (Anthropic's 1 token, Gemini's none) is raised to what was delivered.
      expect(stored.usage_estimated_reason).toBe('stream_ended_before_final_usage');
      expect(stored.tokens_prompt).toBe(early.prompt);
      expect(stored.native_tokens_cached).toBe(early.cached);
    }
    expect(stored.cost_micros).toBe(costMicros(stored.tokens_prompt, stored.native_tokens_cached, delivered));
  });

  it('left by the client: billed for what was delivered, marked estimated', async () => {
    harness.simulator.setBehaviour(provider, {
      inputTokens: 1_000,
      cachedInputTokens: 400,
      chunkCount: 40,
      cutAfterChunks: null,
      chunkGapMs: 100,
    });
    try {
      const controller = new AbortController();
      const answer = await send(controller.signal);
      expect(answer.status).toBe(200);
      const requestId = answer.headers.get('x-request-id')!;
      const reader = answer.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      // Read until the first words of the answer arrived, then leave.
      while (!received.includes('Hello from')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      controller.abort();
      const stored = await storedGeneration(harness, requestId);
      expect(stored).toMatchObject({ outcome: 'client_aborted', usage_estimated: true, streamed: true });
      // At least the first piece's tokens, never the whole 40-piece answer nor Anthropic's 1.
      expect(stored.tokens_completion).toBeGreaterThanOrEqual(countTokens(`Hello from ${provider}.`));
      expect(stored.tokens_completion).toBeLessThan(40 * 4);
      const early = reportedEarly[testCase.upstream];
      expect(stored.native_tokens_cached).toBe(early?.cached ?? 0);
      if (early) expect(stored.tokens_prompt).toBe(early.prompt);
      expect(stored.cost_micros).toBe(costMicros(stored.tokens_prompt, stored.native_tokens_cached, stored.tokens_completion));
    } finally {
      harness.simulator.setBehaviour(provider, { chunkCount: 5, chunkGapMs: 0 });
    }
  });
});

describe('a stream cut while it delivered reasoning', () => {
  it('bills the reasoning delivered as well as the text', async () => {
    const provider = 'early-openai';
    const reasoning = 'Let me think about counting carefully, one number after another.';
    harness.simulator.setBehaviour(provider, { reasoning, chunkCount: 10, cutAfterChunks: 6, chunkGapMs: 0 });
    try {
      const answer = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: bearer(harness.apiKey),
        body: JSON.stringify({ model: `${provider}-model`, stream: true, messages: [{ role: 'user', content: 'Count' }] }),
      });
      const text = await answer.text();
      const requestId = answer.headers.get('x-request-id')!;
      // What reached the client: reasoning_content deltas and content deltas.
      let deliveredReasoning = '';
      let deliveredText = '';
      for (const line of text.split('\n')) {
        if (!line.startsWith('data: {')) continue;
        const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { reasoning_content?: string; content?: string } }[] };
        deliveredReasoning += chunk.choices?.[0]?.delta?.reasoning_content ?? '';
        deliveredText += chunk.choices?.[0]?.delta?.content ?? '';
      }
      expect(deliveredReasoning.length).toBeGreaterThan(0);
      const stored = await storedGeneration(harness, requestId);
      expect(stored).toMatchObject({ outcome: 'stream_interrupted', usage_estimated: true });
      expect(stored.tokens_completion).toBe(countTokens(deliveredReasoning + deliveredText));
      expect(stored.tokens_completion).toBeGreaterThan(countTokens(deliveredText));
    } finally {
      harness.simulator.setBehaviour(provider, { reasoning: undefined, chunkCount: 5, cutAfterChunks: null });
    }
  });
});
