import type { RequestRecord } from '../app/request-record';
import type { AttemptResult } from '../attempts/attempt-result';
import type { Attempt } from '../attempts/plan-attempts';

/**
 * One request's tracing, created by `Tracing.begin` only when OpenTelemetry is on: the request
 * path calls these few hooks through `record.telemetry?.`, so with tracing off nothing is built
 * and no SDK is loaded. Types only here: importing this file loads nothing.
 */
export interface RequestTelemetry {
  /** The plan the router made (attempts in order), before the first is tried. */
  planned(attempts: readonly Attempt[]): void;
  /** Opens the client span of one upstream attempt and sets `record.upstreamTraceparent` to it. */
  attemptStarted(attempt: Attempt, attemptNumber: number, record: RequestRecord): void;
  attemptFinished(result: AttemptResult, record: RequestRecord): void;
  /** Ends the server span with what the request learned (models, usage, cost, outcome). */
  finish(record: RequestRecord, status: number): void;
}
