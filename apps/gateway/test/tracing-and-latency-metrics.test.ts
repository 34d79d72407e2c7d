import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './gateway-harness';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string; boolValue?: boolean } }[];
  status?: { code?: number };
}

/** An in-process OTLP/HTTP receiver: collects the spans the gateway's exporter posts as JSON. */
async function startOtlpReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; contentTypes: string[] }> {
  const spans: OtlpSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      contentTypes.push(String(incoming.headers['content-type']));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/v1/traces`, spans, contentTypes };
}

function attribute(span: OtlpSpan, key: string): string | number | boolean | undefined {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  if (!value) return undefined;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const providers = [
  { id: 'primary', format: 'openai' as const, models: [{ id: 'shared-model', price: { input: 1, output: 2 } }] },
  {
    id: 'secondary',
    format: 'anthropic' as const,
    models: [{ id: 'shared-model', upstream: 'claude-haiku-4-5', price: { input: 1, output: 5 } }],
  },
];
const body = (stream = false) => ({
  model: 'shared-model',
  stream,
  provider: { order: ['primary', 'secondary'] },
  messages: [{ role: 'user', content: 'Hello' }],
});

describe('OpenTelemetry traces', () => {
  let harness: Harness;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    harness = await startHarness(providers, {
      settings: {
        tracing: { tracesUrl: receiver.url, serviceName: 'switchboard-test' },
        circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 },
      },
    });
  });
  afterAll(async () => {
    await harness.close();
    receiver.server.close();
  });

  it("a server span under the client's traceparent, a client span per attempt, each attempt's context sent upstream", async () => {
    harness.simulator.setBehaviour('primary', { errorStatus: 503 });
    const response = await harness.post('/v1/chat/completions', body(), {
      traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`,
    });
    expect(response.status).toBe(200);
    await harness.gateway.context.tracing!.flush();
    expect(receiver.contentTypes[0]).toBe('application/json');

    const server = receiver.spans.find((span) => span.kind === 2)!;
    expect(server.name).toBe('POST /v1/chat/completions');
    expect(server.traceId).toBe(TRACE_ID);
    expect(server.parentSpanId).toBe(CLIENT_SPAN_ID);
    expect(attribute(server, 'gen_ai.operation.name')).toBe('chat');
    expect(attribute(server, 'gen_ai.request.model')).toBe('shared-model');
    expect(attribute(server, 'gen_ai.response.model')).toBe('claude-haiku-4-5');
    expect(attribute(server, 'gen_ai.provider.name')).toBe('anthropic');
    expect(attribute(server, 'gen_ai.system')).toBe('anthropic');
    expect(attribute(server, 'gen_ai.usage.input_tokens')).toBeGreaterThan(0);
    expect(attribute(server, 'gen_ai.usage.output_tokens')).toBeGreaterThan(0);
    expect(attribute(server, 'switchboard.routing.plan')).toBe('primary/shared-model,secondary/shared-model');
    expect(attribute(server, 'switchboard.routing.planned_attempts')).toBe(2);
    expect(attribute(server, 'switchboard.outcome')).toBe('success_after_fallback');
    expect(attribute(server, 'switchboard.provider')).toBe('secondary');
    expect(attribute(server, 'switchboard.cost_microdollars')).toBeGreaterThan(0);
    expect(attribute(server, 'switchboard.request_id')).toBe(response.headers.get('x-request-id'));
    expect(attribute(server, 'http.response.status_code')).toBe(200);

    const attempts = receiver.spans.filter((span) => span.kind === 3);
    expect(attempts.map((span) => span.name)).toEqual(['chat shared-model', 'chat claude-haiku-4-5']);
    for (const span of attempts) {
      expect(span.traceId).toBe(TRACE_ID);
      expect(span.parentSpanId).toBe(server.spanId);
    }
    const [failed, served] = attempts as [OtlpSpan, OtlpSpan];
    expect(attribute(failed, 'switchboard.attempt.number')).toBe(1);
    expect(attribute(failed, 'switchboard.attempt.result')).toBe('failed');
    expect(attribute(failed, 'http.response.status_code')).toBe(503);
    expect(attribute(failed, 'error.type')).toBe('upstream_503');
    expect(failed.status?.code).toBe(2);
    expect(attribute(failed, 'gen_ai.provider.name')).toBe('primary');
    expect(attribute(served, 'switchboard.attempt.result')).toBe('served');
    expect(attribute(served, 'gen_ai.request.model')).toBe('claude-haiku-4-5');
    expect(attribute(served, 'gen_ai.usage.output_tokens')).toBeGreaterThan(0);

    // Each upstream received the traceparent of its own attempt span.
    expect(harness.simulator.requests('primary')[0]!.headers.traceparent).toBe(`00-${TRACE_ID}-${failed.spanId}-01`);
    expect(harness.simulator.requests('secondary')[0]!.headers.traceparent).toBe(`00-${TRACE_ID}-${served.spanId}-01`);
  });

  it('starts a new trace when the client sent none', async () => {
    harness.simulator.setBehaviour('primary', { errorStatus: null });
    receiver.spans.length = 0;
    harness.simulator.clearRequests('primary');
    const response = await harness.post('/v1/chat/completions', body(true));
    await response.text();
    await harness.gateway.context.tracing!.flush();
    const server = receiver.spans.find((span) => span.kind === 2)!;
    expect(server.parentSpanId ?? '').toBe('');
    expect(attribute(server, 'switchboard.stream')).toBe(true);
    const attempt = receiver.spans.find((span) => span.kind === 3)!;
    expect(harness.simulator.requests('primary')[0]!.headers.traceparent).toBe(`00-${server.traceId}-${attempt.spanId}-01`);
  });
});

describe('tracing off, and the latency histograms', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(providers, {
      settings: { circuitBreaker: { consecutiveFailures: 1000, errorRateThreshold: 1, cooldownMs: 1 } },
    });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.simulator.setBehaviour('primary', { errorStatus: null, ttftMs: 0 });
    harness.simulator.clearRequests('primary');
  });

  it("passes the client's traceparent upstream untouched, drops a malformed one, and loads no tracing", async () => {
    expect(harness.gateway.context.tracing).toBeUndefined();
    const traceparent = `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`;
    await (await harness.post('/v1/chat/completions', body(), { traceparent })).text();
    await (await harness.post('/v1/chat/completions', body(), { traceparent: 'not-a-trace' })).text();
    const [first, second] = harness.simulator.requests('primary');
    expect(first!.headers.traceparent).toBe(traceparent);
    expect(second!.headers.traceparent).toBeUndefined();
  });

  it('observes time to first token, each upstream attempt and the gateway overhead with bounded labels', async () => {
    harness.simulator.setBehaviour('primary', { ttftMs: 120 });
    await (await harness.post('/v1/chat/completions', body(true))).text();
    harness.simulator.setBehaviour('primary', { errorStatus: 500, ttftMs: 0 });
    await (await harness.post('/v1/chat/completions', body())).text();
    const text = await harness.gateway.context.metrics.render();
    const labels = 'route="chat.completions",provider="primary",model="shared-model"';
    const sample = (name: string) => {
      const line = text.split('\n').find((entry) => entry.startsWith(name));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    expect(sample(`switchboard_time_to_first_token_seconds_count{${labels}}`)).toBe(1);
    expect(sample(`switchboard_time_to_first_token_seconds_sum{${labels}}`)).toBeGreaterThanOrEqual(0.12);
    expect(sample(`switchboard_time_to_first_token_seconds_bucket{${labels},le="0.1"}`)).toBe(0);
    expect(sample(`switchboard_upstream_duration_seconds_count{${labels},result="served"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(`switchboard_upstream_duration_seconds_count{${labels},result="failed"}`)).toBe(1);
    // The failed attempt fell back to the secondary, which served.
    expect(
      sample(
        'switchboard_upstream_duration_seconds_count{route="chat.completions",provider="secondary",model="shared-model",result="served"}',
      ),
    ).toBe(1);
    const overheadCount = sample(`switchboard_gateway_overhead_seconds_count{${labels}}`)!;
    expect(overheadCount).toBeGreaterThanOrEqual(1);
    // The stream waited 120 ms on its upstream: the gateway's own share is far below that.
    expect(sample(`switchboard_gateway_overhead_seconds_sum{${labels}}`)! / overheadCount).toBeLessThan(0.1);
  });
});
