/**
 * How one attempt ended, as the gateway reports it.
 * - `success`: the provider answered (a stream counts once it ended normally).
 * - `error`: the provider failed: 5xx, a transport error, a refused key. A request the client got
 *   wrong (a 400 the next provider would give too) is not the provider's failure: do not report
 *   it as one, or one bad client can open every circuit.
 * - `rate_limited`: a 429. Not a failure for the circuit breaker, but it lowers the candidate's
 *   weight, and `retryAfterMs` (from Retry-After) keeps that key out of plans until it passes.
 * - `timeout`: counted as a failure.
 */
export type AttemptOutcomeKind = 'success' | 'error' | 'rate_limited' | 'timeout';

export interface AttemptOutcome {
  providerId: string;
  /** The provider key used; undefined for a provider's single environment key. */
  keyId?: string;
  /** The catalog model id (the name clients use), not the upstream name. */
  modelId: string;
  kind: AttemptOutcomeKind;
  /** From sending the request to the last byte. */
  latencyMs: number;
  /** Streams: from sending the request to the first content token. */
  firstTokenMs?: number;
  outputTokens?: number;
  inputTokens?: number;
  /** Input tokens the provider served from its prompt cache. */
  cachedInputTokens?: number;
  streamed: boolean;
  /** A 429's Retry-After, in milliseconds from the time of the report. */
  retryAfterMs?: number;
}
