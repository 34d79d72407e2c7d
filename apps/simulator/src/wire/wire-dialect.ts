import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from '../exchange';
import type { SimulatedProvider } from '../simulated-provider';

/** Everything an endpoint needs to answer one request. */
export interface ProviderCall {
  exchange: Exchange;
  provider: SimulatedProvider;
  body: unknown;
  query: Record<string, string>;
  /** The model named in the path (Gemini), or the deployment (Azure). */
  pathModel: string | undefined;
  /** Headers every answer of this format carries (request ids). */
  headers: OutgoingHttpHeaders | undefined;
  /** The key the caller presented (checked already): prompt caches are kept per key. */
  presentedKey: string;
}

export interface Endpoint {
  /** False for side requests (model lists) that must not use up a failFirst budget. */
  countsTowardFaults: boolean;
  /** Takes no key and any body (an OAuth token endpoint, form-encoded): its answer checks what it needs. */
  unauthenticated?: boolean;
  wantsStream(call: ProviderCall): boolean;
  /** What is wrong with the request body (answered 400), or undefined. */
  problem(call: ProviderCall): string | undefined;
  answer(call: ProviderCall): void;
}

export interface RouteMatch {
  endpoint: Endpoint;
  pathModel: string | undefined;
}

/** A request refused before it reaches an endpoint. */
export interface Refusal {
  status: number;
  message: string;
  /** The error's own type where the format names it apart from the status (Bedrock's exception name). */
  errorType?: string;
}

/** The request as it came, for a dialect that checks a signature over all of it. */
export interface RawProviderRequest {
  method: string;
  /** The whole path, `/p/{id}/...`, as sent (still percent-encoded). */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string | undefined;
}

/** One provider wire format: its paths, how it authenticates, and how its errors look. */
export interface WireDialect {
  /** `path` is below the provider's root (`/p/{id}`); undefined answers 404. */
  route(method: string, path: string, query: Record<string, string>): RouteMatch | Refusal | undefined;
  /** The key the request presents in this format's header(s), or undefined. */
  presentedKey(headers: IncomingHttpHeaders, query: Record<string, string>): string | undefined;
  /** The 401 message: `key` is undefined when the request presented none. */
  authenticationMessage(key: string | undefined): string;
  /** A signature over the whole request (Bedrock's SigV4), checked before the key. */
  verifyRequest?(request: RawProviderRequest): Refusal | undefined;
  /** Headers of an error answer beyond `responseHeaders` (Bedrock's `x-amzn-ErrorType`). */
  errorHeaders?(status: number, errorType: string | undefined): OutgoingHttpHeaders;
  /** Checks beyond the key that the real API makes on every request (Anthropic's version header). */
  headerProblem?(headers: IncomingHttpHeaders): Refusal | undefined;
  errorBody(status: number, message: string, requestId: string): string;
  /** Headers every answer carries (request ids). */
  responseHeaders(requestId: string): OutgoingHttpHeaders | undefined;
  /** Default message for an injected error status. */
  defaultErrorMessage(status: number, providerId: string): string;
}

export function isRefusal(value: RouteMatch | Refusal): value is Refusal {
  return 'status' in value;
}
