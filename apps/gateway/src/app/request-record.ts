import type { ApiKeySummary } from '@switchboard/access';
import type { ChatMessage, TokenUsage, TokenUsageField } from '@switchboard/protocol';
import type { ModelAliasMatch } from '@switchboard/router';
import type { OutputLimit } from '../access/output-limit';
import type { InputSize } from '../routing/estimate-input-tokens';
import type { RequestTelemetry } from '../telemetry/request-telemetry';
import type { ServedPrice } from '../usage/served-price';

/** What the gateway learned about one request; logged and recorded as a usage event once at the end. */
export interface RequestRecord {
  /** The gateway's own id (`req_...`): the usage key and the answer's `x-request-id`. */
  requestId: string;
  /** The client's `x-request-id`, echoed as `x-client-request-id` and stored beside it. */
  clientRequestId?: string;
  route: string;
  /** The client's address (TRUSTED_PROXIES applied), for the new-address alert at ingest. */
  clientAddress?: string;
  /** The gateway key that authenticated the call (absent when the gateway runs without keys). */
  apiKey?: ApiKeySummary;
  /** Date.now() at arrival: durations and deadlines count from it. */
  startedAt: number;
  /**
   * The wall-clock instant the request started by the gateway's clock (GatewayContext.clock, a
   * test's injectable clock; else startedAt): what prices it (the version in force then) and the
   * usage event's occurredAt.
   */
  occurredAt?: number;
  /** `performance.now()` at arrival: the gateway-overhead histogram needs sub-millisecond time. */
  startedAtPrecise?: number;
  /** Milliseconds spent in upstream attempts (all of them), for the gateway-overhead histogram. */
  upstreamMs?: number;
  /** Tracing for this request when OpenTelemetry is on; undefined (and never looked at further) when off. */
  telemetry?: RequestTelemetry;
  /**
   * The `traceparent` sent upstream: the attempt span's when tracing is on, else the client's own
   * (DESIGN.md contract 9); undefined when there is none.
   */
  upstreamTraceparent?: string;
  requestedModel?: string;
  /** The aliases that rewrote the requested model names (the key's or a gateway pattern), for the log. */
  modelAliases?: ModelAliasMatch[];
  provider?: string;
  upstreamModel?: string;
  /** The serving provider's own id for its answer (read from the body or the stream), for lookup. */
  upstreamId?: string;
  stream?: boolean;
  attempts: number;
  /** success | success_after_fallback | upstream_error | client_aborted | stream_interrupted | rejected | idempotent_replay */
  outcome?: string;
  /** An idempotent replay: the request whose kept answer it sent. */
  replayOf?: string;
  usage?: TokenUsage;
  /** Milliseconds from arrival to the first byte sent to the client. */
  firstByteMs?: number;
  errorCode?: string | null;
  /** The routing explanation, when the caller asked for it with `x-switchboard-debug: 1`. */
  routingTrace?: unknown;
  /** Headers every answer to this request carries (x-ratelimit-*). */
  responseHeaders?: Record<string, string>;
  /** The catalog id of the model that served (or was last tried), which usage is rolled up under. */
  servedModelId?: string;
  /**
   * Admission passed (or there is none), so a provider may be called: from here on the request
   * is recorded as a usage event whatever happens.
   */
  admitted?: boolean;
  /** The price version (or catalog price) in force when the request started, for the model that served. */
  servedPrice?: ServedPrice;
  /** Streams: text characters delivered, to estimate output when the upstream sent no usage. */
  deliveredCharacters?: number;
  /** Streams: the first 16 KiB of that text, for the tokenizer. */
  deliveredSample?: string;
  /** Chat: the prompt, kept by reference for a tokenizer estimate if no usage arrives. */
  promptForEstimate?: { messages: ChatMessage[]; tools: unknown };
  /** The router's estimate of the prompt, for the same purpose. */
  estimatedInputTokens?: number;
  /** The prompt measured for `inputUpperBound` (budget and TPM reservations), by the surface. */
  inputSize?: InputSize;
  /** The request's output limit and how to rewrite it upstream, by chat-shaped surfaces. */
  outputLimit?: OutputLimit;
  /** The max_tokens admission chose for a budgeted key, written into every attempt's body. */
  maxTokensSent?: number;
  /** Micro-dollars the provider billed beyond the budget reservation (the usage event's `overage`). */
  overageMicros?: number;
  /** Usage was estimated (a cut stream, a client that left), not reported by the provider. */
  usageEstimated?: boolean;
  /** Why: `no_usage_reported`, `stream_ended_before_final_usage`, or `invalid_usage: ...` from sanitizeTokenUsage. */
  usageEstimateReason?: string;
  /** Counts the provider reported unusably (dropped by sanitizeTokenUsage), to estimate at the end. */
  droppedUsageFields?: TokenUsageField[];
  /** What the request cost, in micro-dollars (costPicos rounded once), once known. */
  costMicros?: number;
  /** The exact cost in pico-dollars, set with costMicros. */
  costPicos?: number;
  /** What its prompt-cache reads saved against the same tokens uncached, in micro-dollars. */
  cacheSavingsMicros?: number;
  /** What its cache hits saved against the uncached input price, pico-dollars (priceRecord). */
  cacheSavingsPicos?: number;
  /** Request fields a translated provider could not take (Messages surface), for the debug trace. */
  droppedFields?: string[];
  /**
   * Set when a stream's headers went out before any event (a keep-alive): if every attempt then
   * fails, the error is this surface's stream error frame, not a JSON body the client cannot read.
   */
  streamFailFrame?: (message: string, code: string) => string;
  /** What names this request's conversation (affinity-keys.ts), for prompt-cache affinity. */
  affinityKeys?: string[];
  /** The conversation has had an answer (an assistant turn): a peer replica may know its account. */
  affinityContinuing?: boolean;
  /** The request's validated tags (readAttribution). */
  tags?: string[];
  /** The end user it named (readAttribution). */
  endUser?: string;
  /** Every attempt made, in order: for the debug trace. */
  attemptLog: { provider: string; model: string; outcome: string; latencyMs: number; errorCode?: string | null }[];
}
