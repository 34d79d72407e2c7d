import type { IncomingHttpHeaders } from 'node:http';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { RequestRecord } from '../app/request-record';
import type { AttemptResult } from '../attempts/attempt-result';
import type { Attempt } from '../attempts/plan-attempts';
import { genAiProviderName } from './gen-ai-provider-name';
import type { RequestTelemetry } from './request-telemetry';
import type { Tracing } from './tracing';

export interface TracingOptions {
  /** Where spans are posted (OTLP/HTTP JSON): `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`. */
  tracesUrl: string;
  serviceName: string;
  instanceId: string;
}

// `gen_ai.operation.name` of each /v1 route.
const OPERATIONS: Record<string, string> = {
  'chat.completions': 'chat',
  messages: 'chat',
  responses: 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
  'messages.count_tokens': 'count_tokens',
};

/** The plan as an attribute: enough to see the routing decision, bounded whatever the catalog holds. */
const MAXIMUM_PLAN_ENTRIES = 8;

/**
 * Loads the OpenTelemetry SDK (only when OTEL_EXPORTER_OTLP_ENDPOINT is set: with tracing off
 * nothing here is imported) and returns the gateway's tracing: a SERVER span per /v1 request,
 * child of the client's `traceparent` when it sent one, and a CLIENT span per upstream attempt
 * whose context goes upstream as `traceparent`. Attributes follow the GenAI semantic conventions,
 * with Switchboard's routing decision and cost as `switchboard.*`. Contexts are passed by hand
 * (no async-hooks context manager): the request record carries them, which costs nothing extra.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  const [api, core, resources, sdk, exporterModule] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const exporter = new exporterModule.OTLPTraceExporter({ url: options.tracesUrl });
  const provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({
      'service.name': options.serviceName,
      'service.instance.id': options.instanceId,
    }),
    spanProcessors: [new sdk.BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('switchboard-gateway');
  const propagator = new core.W3CTraceContextPropagator();
  const hooks: TracingApi = {
    tracer,
    root: api.ROOT_CONTEXT,
    setSpan: (context, span) => api.trace.setSpan(context, span),
    inject: (context) => {
      const carrier: Record<string, string> = {};
      propagator.inject(context, carrier, api.defaultTextMapSetter);
      return carrier.traceparent;
    },
    serverKind: api.SpanKind.SERVER,
    clientKind: api.SpanKind.CLIENT,
    errorStatus: api.SpanStatusCode.ERROR,
  };
  return {
    begin(route: string, endpoint: string, headers: IncomingHttpHeaders): RequestTelemetry {
      const parent = propagator.extract(api.ROOT_CONTEXT, headers, api.defaultTextMapGetter);
      return new SpanTelemetry(hooks, parent, route, endpoint);
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

interface TracingApi {
  tracer: Tracer;
  root: Context;
  setSpan(context: Context, span: Span): Context;
  inject(context: Context): string | undefined;
  serverKind: number;
  clientKind: number;
  errorStatus: number;
}

class SpanTelemetry implements RequestTelemetry {
  private readonly span: Span;
  private readonly context: Context;
  private readonly operation: string;
  private attemptSpan: Span | undefined;
  /** The conventions' name of the provider last tried, for the server span. */
  private providerName: string | undefined;

  constructor(
    private readonly api: TracingApi,
    parent: Context,
    route: string,
    endpoint: string,
  ) {
    this.operation = OPERATIONS[route] ?? 'chat';
    this.span = api.tracer.startSpan(
      `POST ${endpoint}`,
      {
        kind: api.serverKind,
        attributes: {
          'http.request.method': 'POST',
          'http.route': endpoint,
          'gen_ai.operation.name': this.operation,
          'switchboard.route': route,
        },
      },
      parent,
    );
    this.context = api.setSpan(parent, this.span);
  }

  planned(attempts: readonly Attempt[]): void {
    this.span.setAttributes({
      'switchboard.routing.planned_attempts': attempts.length,
      'switchboard.routing.plan': attempts
        .slice(0, MAXIMUM_PLAN_ENTRIES)
        .map((attempt) => `${attempt.provider.id}/${attempt.model.id}`)
        .join(','),
    });
  }

  attemptStarted(attempt: Attempt, attemptNumber: number, record: RequestRecord): void {
    this.providerName = genAiProviderName(attempt.provider);
    const span = this.api.tracer.startSpan(
      `${this.operation} ${attempt.model.upstream}`,
      {
        kind: this.api.clientKind,
        attributes: {
          'gen_ai.operation.name': this.operation,
          'gen_ai.request.model': attempt.model.upstream,
          'gen_ai.provider.name': this.providerName,
          'gen_ai.system': this.providerName,
          'server.address': hostOf(attempt.provider.baseUrl),
          'switchboard.provider': attempt.provider.id,
          'switchboard.model': attempt.model.id,
          'switchboard.attempt.number': attemptNumber,
          ...(attempt.keyId ? { 'switchboard.provider_key_id': attempt.keyId } : {}),
        },
      },
      this.context,
    );
    this.attemptSpan = span;
    record.upstreamTraceparent = this.api.inject(this.api.setSpan(this.api.root, span));
  }

  attemptFinished(result: AttemptResult, record: RequestRecord): void {
    const span = this.attemptSpan;
    if (!span) return;
    this.attemptSpan = undefined;
    span.setAttribute('switchboard.attempt.result', result.kind);
    if (result.kind === 'failed') {
      const { error, upstreamStatus } = result.failure;
      span.setAttribute('error.type', error.code ?? 'upstream_error');
      if (upstreamStatus !== undefined) span.setAttribute('http.response.status_code', upstreamStatus);
      span.setStatus({ code: this.api.errorStatus, message: error.code ?? undefined });
    } else if (result.kind === 'served') {
      span.setAttributes(usageAttributes(record));
    }
    span.end();
  }

  finish(record: RequestRecord, status: number): void {
    // A request cut while an attempt ran (an exception in the runner) still closes its span.
    if (this.attemptSpan) this.attemptFinished({ kind: 'client-gone' }, record);
    const attributes: Attributes = {
      ...usageAttributes(record),
      'http.response.status_code': status,
      'switchboard.request_id': record.requestId,
      'switchboard.attempts': record.attempts,
    };
    // The client's own text: cut, so a hostile model name cannot make a megabyte span.
    if (record.requestedModel !== undefined) attributes['gen_ai.request.model'] = record.requestedModel.slice(0, 256);
    if (record.provider !== undefined) {
      attributes['switchboard.provider'] = record.provider;
      attributes['gen_ai.provider.name'] = this.providerName ?? record.provider;
      attributes['gen_ai.system'] = this.providerName ?? record.provider;
    }
    if (record.servedModelId !== undefined) attributes['switchboard.model'] = record.servedModelId;
    if (record.outcome !== undefined) attributes['switchboard.outcome'] = record.outcome;
    if (record.costMicros !== undefined) attributes['switchboard.cost_microdollars'] = record.costMicros;
    if (record.usageEstimated) attributes['switchboard.usage.estimated'] = true;
    if (record.apiKey) attributes['switchboard.api_key_id'] = record.apiKey.id;
    if (record.stream !== undefined) attributes['switchboard.stream'] = record.stream;
    if (record.firstByteMs !== undefined) attributes['switchboard.first_byte_ms'] = record.firstByteMs;
    if (record.errorCode) attributes['error.type'] = record.errorCode;
    this.span.setAttributes(attributes);
    if (status >= 500) this.span.setStatus({ code: this.api.errorStatus, message: record.errorCode ?? undefined });
    this.span.end();
  }
}

function usageAttributes(record: RequestRecord): Attributes {
  const attributes: Attributes = {};
  if (record.upstreamModel !== undefined) attributes['gen_ai.response.model'] = record.upstreamModel;
  if (record.upstreamId !== undefined) attributes['gen_ai.response.id'] = record.upstreamId;
  if (record.usage) {
    attributes['gen_ai.usage.input_tokens'] = record.usage.inputTokens;
    attributes['gen_ai.usage.output_tokens'] = record.usage.outputTokens;
  }
  return attributes;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return '';
  }
}
