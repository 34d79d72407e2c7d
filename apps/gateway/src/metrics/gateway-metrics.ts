import { MetricsRegistry } from './metrics-registry';

/** The gateway's metrics, served at GET /metrics for Prometheus. */
export class GatewayMetrics {
  readonly registry = new MetricsRegistry();
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
  /** 1 while the shared (Redis) rate limiter is unreachable and each instance limits on its own. */
  readonly rateLimiterDegraded = this.registry.gauge(
    'switchboard_rate_limiter_degraded',
    '1 while shared rate limits are unreachable and this instance limits on its own.',
  );
}
