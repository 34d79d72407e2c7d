import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSimulatedProvider, type ParityCase, parityCases, send, storedGeneration, upstreamRequestsOf } from './parity-cases';
import { anthropicEvents, expectSurfaceError } from './surface-table';
import { type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// Fallback, broken streams and keep-alive, the same tests on every surface in front of every
// upstream format: one attempt loop serves them all, and each surface ends a broken stream with
// its own error frame.

const KEEP_ALIVE_MS = 50;
// The primary is the cheap one, so the price policy tries it first; the secondary costs ten times more.
const PRIMARY_PRICE = { input: 1, output: 2 };
const SECONDARY_PRICE = { input: 10, output: 20 };
const BY_PRICE = { 'x-switchboard-policy': 'price' };

let harness: SwitchboardHarness;

const names = (parity: ParityCase) => ({
  model: `fallback-${parity.tag}`,
  primary: `primary-${parity.tag}`,
  secondary: `secondary-${parity.tag}`,
  slow: `slow-${parity.tag}`,
});

function resetBehaviour(id: string): void {
  harness.simulator.setBehaviour(id, {
    errorStatus: null,
    cutAfterChunks: null,
    chunkCount: 5,
    chunkGapMs: 0,
    ttftMs: 0,
    latencyMs: 0,
    inputTokens: undefined,
  });
  harness.simulator.clearRequests(id);
}

/** A stream read as it arrives: when its first byte came, relative to the request. */
async function timedStream(parity: ParityCase, model: string) {
  const started = Date.now();
  const response = await fetch(`${harness.url}${parity.surface.path}`, {
    method: 'POST',
    headers: parity.surface.headers(harness.apiKey),
    body: JSON.stringify(parity.surface.body(model, { stream: true })),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstByteMs: number | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstByteMs ??= Date.now() - started;
    text += decoder.decode(value, { stream: true });
  }
  return { status: response.status, text, firstByteMs: firstByteMs! };
}

beforeAll(async () => {
  harness = await startSwitchboardHarness({
    environmentKey: 'sk-simulated',
    settings: {
      streamKeepAliveMs: KEEP_ALIVE_MS,
      // Failures are injected on purpose here; the circuit breaker has its own tests.
      circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 },
    },
  });
  for (const parity of parityCases) {
    const { model, primary, secondary, slow } = names(parity);
    await addSimulatedProvider(harness, primary, parity.upstream, [{ id: model, price: PRIMARY_PRICE }]);
    await addSimulatedProvider(harness, secondary, parity.upstream, [{ id: model, price: SECONDARY_PRICE }]);
    await addSimulatedProvider(harness, slow, parity.upstream, [{ id: `${slow}-model` }]);
  }
});
afterAll(async () => {
  await harness?.close();
});

describe.each(parityCases)('fallback and broken streams on $label', (parity) => {
  const { surface } = parity;
  const { model, primary, secondary } = names(parity);
  const secondaryText = `Hello from ${secondary}. Token 2. Token 3. Token 4. Token 5.`;

  beforeAll(() => {
    for (const id of [primary, secondary]) resetBehaviour(id);
  });

  /** The secondary's reported usage at its price: the record must be the serving provider's. */
  function secondaryCost(requestId: string): number {
    const [sent] = upstreamRequestsOf(harness, secondary, requestId);
    expect(sent?.usageSent).not.toBeNull();
    return sent!.usageSent!.inputTokens * SECONDARY_PRICE.input + sent!.usageSent!.outputTokens * SECONDARY_PRICE.output;
  }

  it.each([false, true])(
    'falls over on a 5xx before the first byte (stream: %s), names the second provider and bills it',
    async (stream) => {
      harness.simulator.setBehaviour(primary, { errorStatus: 503 });
      try {
        const answer = await send(harness, surface, harness.apiKey, model, { stream, maxTokens: 100 }, BY_PRICE);
        expect(answer.status, answer.text).toBe(200);
        expect(answer.headers.get('x-switchboard-provider')).toBe(secondary);
        expect(answer.headers.get('x-switchboard-attempts')).toBe('2');
        const requestId = answer.headers.get('x-request-id')!;
        expect(upstreamRequestsOf(harness, primary, requestId)).toHaveLength(1);
        if (stream) {
          const streamed = surface.streamed(answer.text);
          expect(streamed.completed).toBe(true);
          expect(streamed.text).toBe(secondaryText);
        } else {
          expect(surface.whole(answer.text).text).toBe(secondaryText);
        }
        expect(answer.text).not.toContain(primary);

        const stored = await storedGeneration(harness, requestId);
        expect(stored).toMatchObject({
          provider_name: secondary,
          served_model: model,
          attempts: 2,
          outcome: 'success_after_fallback',
          streamed: stream,
          usage_estimated: false,
          cost_micros: secondaryCost(requestId),
        });
      } finally {
        harness.simulator.setBehaviour(primary, { errorStatus: null });
      }
    },
  );

  it('a stream broken after its first byte ends with the surface’s error frame, never a second provider’s text', async () => {
    harness.simulator.setBehaviour(primary, { cutAfterChunks: 2, chunkCount: 6 });
    harness.simulator.clearRequests(secondary);
    try {
      const answer = await send(harness, surface, harness.apiKey, model, { stream: true, maxTokens: 100 }, BY_PRICE);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-switchboard-provider')).toBe(primary);
      const streamed = surface.streamed(answer.text);
      expect(streamed.completed).toBe(false);
      expect(streamed.lastFrame).toBe('error');
      expect(streamed.error?.type).toBe(surface.streamCutType);
      expect(streamed.text).toBe(`Hello from ${primary}. Token 2.`);
      expect(answer.text).not.toContain(secondary);
      expect(harness.simulator.requests(secondary)).toHaveLength(0);
      if (surface.name === 'messages') {
        // Nothing after the error event, and never an end without message_stop or error.
        const events = anthropicEvents(answer.text);
        expect(events.filter((event) => event.name === 'error')).toHaveLength(1);
        expect(events.some((event) => event.name === 'message_stop')).toBe(false);
      }
      const stored = await storedGeneration(harness, answer.headers.get('x-request-id')!);
      expect(stored).toMatchObject({ provider_name: primary, attempts: 1, outcome: 'stream_interrupted', usage_estimated: true });
    } finally {
      harness.simulator.setBehaviour(primary, { cutAfterChunks: null, chunkCount: 5 });
    }
  });

  it.each([false, true])('when every provider fails (stream: %s) the answer is the surface’s upstream error', async (stream) => {
    for (const id of [primary, secondary]) harness.simulator.setBehaviour(id, { errorStatus: 500 });
    try {
      const answer = await send(harness, surface, harness.apiKey, model, { stream, maxTokens: 100 }, BY_PRICE);
      expectSurfaceError(surface, answer, 'upstream');
      const stored = await storedGeneration(harness, answer.headers.get('x-request-id')!);
      expect(stored).toMatchObject({ outcome: 'upstream_error', attempts: 2, tokens_prompt: 0, cost_micros: 0 });
    } finally {
      for (const id of [primary, secondary]) harness.simulator.setBehaviour(id, { errorStatus: null });
    }
  });
});

describe.each(parityCases)('keep-alive on $label', (parity) => {
  const { surface } = parity;
  const { slow } = names(parity);
  const model = `${slow}-model`;
  const fullText = `Hello from ${slow}. Token 2. Token 3. Token 4. Token 5.`;

  beforeAll(() => resetBehaviour(slow));

  it('a provider that fails while only keep-alive comments went out is replaced in the same stream', async () => {
    const { primary, secondary, model: sharedModel } = names(parity);
    resetBehaviour(primary);
    resetBehaviour(secondary);
    harness.simulator.setBehaviour(primary, { errorStatus: 503, latencyMs: 10 * KEEP_ALIVE_MS });
    try {
      const answer = await send(harness, surface, harness.apiKey, sharedModel, { stream: true, maxTokens: 100 }, BY_PRICE);
      expect(answer.status).toBe(200);
      const requestId = answer.headers.get('x-request-id')!;
      const streamed = surface.streamed(answer.text);
      // The headers (naming the first provider) went out with the keep-alives; no event did.
      expect(streamed.keepAlivesBeforeText).toBeGreaterThanOrEqual(3);
      expect(streamed.completed).toBe(true);
      expect(streamed.text.length).toBeGreaterThan(0);
      expect(harness.simulator.requests(secondary)).toHaveLength(1);
      const stored = await storedGeneration(harness, requestId);
      expect(stored).toMatchObject({ provider_name: secondary, outcome: 'success_after_fallback' });
      if (surface.name === 'messages') {
        const events = anthropicEvents(answer.text).map((event) => event.name);
        expect(events.filter((name) => name === 'message_start')).toHaveLength(1);
      }
    } finally {
      harness.simulator.setBehaviour(primary, { errorStatus: null, latencyMs: 0 });
    }
  });

  it('when every provider fails after keep-alives went out, the stream ends with the surface’s error frame, unbilled', async () => {
    const { primary, secondary, model: sharedModel } = names(parity);
    harness.simulator.setBehaviour(primary, { errorStatus: 503, latencyMs: 10 * KEEP_ALIVE_MS });
    harness.simulator.setBehaviour(secondary, { errorStatus: 503, latencyMs: 2 * KEEP_ALIVE_MS });
    try {
      const answer = await send(harness, surface, harness.apiKey, sharedModel, { stream: true, maxTokens: 100 }, BY_PRICE);
      expect(answer.status).toBe(200);
      const streamed = surface.streamed(answer.text);
      expect(streamed.keepAlivesBeforeText).toBeGreaterThanOrEqual(3);
      expect(streamed.lastFrame).toBe('error');
      expect(streamed.text).toBe('');
      const stored = await storedGeneration(harness, answer.headers.get('x-request-id')!);
      expect(stored).toMatchObject({ outcome: 'upstream_error', cost_micros: 0 });
    } finally {
      harness.simulator.setBehaviour(primary, { errorStatus: null, latencyMs: 0 });
      harness.simulator.setBehaviour(secondary, { errorStatus: null, latencyMs: 0 });
    }
  });

  it('a stream waiting for its first token gets the surface’s keep-alive first, and still completes', async () => {
    harness.simulator.setBehaviour(slow, { ttftMs: 12 * KEEP_ALIVE_MS });
    const answer = await timedStream(parity, model);
    expect(answer.status).toBe(200);
    // Bytes flowed long before the provider's first token did.
    expect(answer.firstByteMs).toBeLessThan(6 * KEEP_ALIVE_MS);
    const streamed = surface.streamed(answer.text);
    expect(streamed.keepAlivesBeforeText).toBeGreaterThanOrEqual(3);
    expect(streamed.completed).toBe(true);
    expect(streamed.text).toBe(fullText);
    if (surface.name === 'messages') {
      // Anthropic's order: message_start first and once (the keep-alives before it are comments).
      const events = anthropicEvents(answer.text).map((event) => event.name);
      expect(events[0]).toBe('message_start');
      expect(events.filter((name) => name === 'message_start')).toHaveLength(1);
    }
  });

  if (parity.passthrough && surface.name === 'messages') {
    it('a native stream begins with the upstream’s own first event, then gets pings between whole events while it waits', async () => {
      harness.simulator.setBehaviour(slow, { ttftMs: 4 * KEEP_ALIVE_MS, chunkGapMs: 4 * KEEP_ALIVE_MS });
      const answer = await timedStream(parity, model);
      expect(answer.status).toBe(200);
      const events = anthropicEvents(answer.text);
      // The relayed bytes must start with the provider's message_start, so nothing goes before it.
      const [first] = events;
      expect(first?.name).toBe('message_start');
      expect((first!.data.message as { id: string }).id).toMatch(/^msg_sim/);
      const streamed = surface.streamed(answer.text);
      // The simulator sends one ping itself; the gateway's come in the gaps between tokens.
      expect(streamed.keepAlives).toBeGreaterThanOrEqual(4);
      expect(streamed.completed).toBe(true);
      expect(streamed.text).toBe(fullText);
    });
  }
});
