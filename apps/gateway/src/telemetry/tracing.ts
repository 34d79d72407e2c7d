import type { IncomingHttpHeaders } from 'node:http';
import type { RequestTelemetry } from './request-telemetry';

/** Tracing for the whole gateway; `begin` makes one request's hooks. See start-tracing.ts. */
export interface Tracing {
  begin(route: string, endpoint: string, headers: IncomingHttpHeaders): RequestTelemetry;
  /** Exports what is buffered (tests; shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
