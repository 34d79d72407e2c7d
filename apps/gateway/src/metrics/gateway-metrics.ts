import { MetricsRegistry } from './metrics-registry';
import { processMetrics } from './process-metrics';

/** Seconds: from a cache hit's milliseconds to a long reasoning stream's minutes. */
const DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];
/** Seconds: the gateway's own share of a request, from a few tens of microseconds up. */
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The gateway's metrics, served at GET /metrics (or on METRICS_PORT) for Prometheus. */
export class GatewayMetrics {
  readonly registry = new MetricsRegistry();
  private readonly inFlightByRoute = new Map<string, number>();
  private readonly inFlight = this.registry.gauge(
    'switchboard_requests_in_flight',
    'Proxied (/v1) requests being handled now, by route.',
  );
  /**
   * Labels are bounded: route is one of the /v1 routes, provider and model are catalog ids (`none`
   * when the request never reached routing), never a client's or an upstream's text; past 1,000
   * label sets the rest are counted as `other`.
   */
  readonly requestDuration = this.registry.histogram(
    'switchboard_request_duration_seconds',
    'Time from a proxied request arriving to its last byte, by route, provider and model (the catalog model that served).',
    DURATION_BUCKETS,
  );
  /** Streams only: arrival to the first byte sent to the client (a keep-alive comment excluded where it is one). */
  readonly timeToFirstToken = this.registry.histogram(
    'switchboard_time_to_first_token_seconds',
    'Streamed requests: time from arrival to the first byte of the answer sent to the client, by route, provider and model.',
    DURATION_BUCKETS,
  );
  /** One observation per upstream attempt, failed ones included (`result` is served, failed or client-gone). */
  readonly upstreamDuration = this.registry.histogram(
    'switchboard_upstream_duration_seconds',
    'Time of one upstream attempt (sent to its answer read or streamed through), by route, provider, model and result.',
    DURATION_BUCKETS,
  );
  readonly gatewayOverhead = this.registry.histogram(
    'switchboard_gateway_overhead_seconds',
    "Request duration minus the time spent in upstream attempts (authentication, admission, routing, the answer's translation), by route, provider and model.",
    OVERHEAD_BUCKETS,
  );
  readonly requestsShed = this.registry.counter(
    'switchboard_requests_shed_total',
    'Requests refused with 503 at the listener because this instance was full, by route and reason (in_flight, event_loop).',
  );
  readonly requests = this.registry.counter('switchboard_requests_total', 'Requests answered, by route, status and outcome.');
  readonly attempts = this.registry.counter('switchboard_upstream_attempts_total', 'Upstream attempts, by provider and result.');
  readonly inputTokens = this.registry.counter(
    'switchboard_input_tokens_total',
    'Input tokens reported by providers, by provider.',
  );
  readonly outputTokens = this.registry.counter(
    'switchboard_output_tokens_total',
    'Output tokens reported by providers, by provider.',
  );
  readonly costMicros = this.registry.counter(
    'switchboard_cost_microdollars_total',
    'Cost of requests in micro-dollars at list price, by provider.',
  );
  readonly unpricedRequests = this.registry.counter(
    'switchboard_unpriced_requests_total',
    'Requests served by a model without a price (billed 0 and flagged unpriced), by provider and model.',
  );
  readonly unpricedRefused = this.registry.counter(
    'switchboard_unpriced_refused_total',
    'Attempts skipped because the model has no price and SWITCHBOARD_UNPRICED=refuse, by provider and model.',
  );
  /** 1 while usage events go to the local spool file because their store cannot take them. */
  readonly usageSpooling = this.registry.gauge(
    'switchboard_usage_spooling',
    '1 while the usage queue (Redis), or the embedded database, cannot take usage events and they are spooled to a local file.',
  );
  readonly usageSpoolFull = this.registry.gauge(
    'switchboard_usage_spool_full',
    '1 while the usage spool refuses writes (USAGE_SPOOL_LIMIT_BYTES reached, or its disk full).',
  );
  readonly usageSpoolBytes = this.registry.gauge(
    'switchboard_usage_spool_bytes',
    'Bytes of usage events in the local spool file.',
  );
  /** 1 while spool and memory are both full: new requests are refused (or usage dropped, by setting). */
  readonly usageUnstorable = this.registry.gauge(
    'switchboard_usage_unstorable',
    '1 while usage can be stored neither by the queue/database nor in the spool or memory: new requests get 503 unless USAGE_WHEN_UNSTORABLE=serve.',
  );
  readonly usageEventsDropped = this.registry.counter(
    'switchboard_usage_events_dropped_total',
    'Usage events dropped because nothing could keep them and USAGE_WHEN_UNSTORABLE=serve is set.',
  );
  readonly usageEventsSpooled = this.registry.counter(
    'switchboard_usage_events_spooled_total',
    'Usage events written to the local spool file because the queue or the embedded database could not take them.',
  );
  readonly usageEventsParked = this.registry.counter(
    'switchboard_usage_events_parked_total',
    'Usage events the embedded database refused one by one (their batch was stored row by row), kept in usage_dead_letters.',
  );
  readonly usageSanitized = this.registry.counter(
    'switchboard_usage_sanitized_total',
    'Provider usage reports with counts that were not finite non-negative integers within the bound, by provider; replaced by estimates.',
  );
  readonly budgetOverages = this.registry.counter(
    'switchboard_budget_overages_total',
    'Requests whose reported cost passed their budget reservation (recorded in full; the key window closes), by provider.',
  );
  readonly budgetOverageMicros = this.registry.counter(
    'switchboard_budget_overage_microdollars_total',
    'Micro-dollars spent beyond budget reservations, by provider.',
  );
  /** 1 while the shared (Redis) rate limiter is unreachable and each instance limits on its own. */
  readonly rateLimiterDegraded = this.registry.gauge(
    'switchboard_rate_limiter_degraded',
    '1 while shared rate limits are unreachable and this instance limits on its own.',
  );
  /** Seconds since this instance last confirmed it applied every committed admin change (0 to ~1 s when healthy). */
  readonly changeFeedLag = this.registry.gauge(
    'switchboard_change_feed_lag_seconds',
    'Seconds since this instance last read the change feed up to its end; grows while Postgres is unreachable.',
  );
  readonly changeFeedSequence = this.registry.gauge(
    'switchboard_change_feed_applied_sequence',
    'The last change-feed sequence this instance applied; instances of one deployment converge on the same value.',
  );
  /** Provider keys in each state of DESIGN.md contract 6, across the deployment (read from Postgres on every key change). */
  readonly providerKeys = this.registry.gauge(
    'switchboard_provider_keys',
    'Provider keys by status (active, suspect, out_of_credit, needs_confirmation, undecryptable, disabled, revoked); alert on undecryptable > 0.',
  );

  requestStarted(route: string): void {
    const count = (this.inFlightByRoute.get(route) ?? 0) + 1;
    this.inFlightByRoute.set(route, count);
    this.inFlight(count, { route });
  }

  requestFinished(route: string): void {
    const count = Math.max(0, (this.inFlightByRoute.get(route) ?? 0) - 1);
    this.inFlightByRoute.set(route, count);
    this.inFlight(count, { route });
  }

  /** Switchboard's own metrics, then the process's (prom-client's defaults). */
  async render(): Promise<string> {
    return this.registry.render() + (await processMetrics());
  }
}
