import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { copyHeaders } from './copy-headers';
import { Exchange } from './exchange';
import { openAIErrorBody } from './openai/openai-error-body';
import { parseQuery } from './parse-query';
import { readBody } from './read-body';
import type { RecordedRequest } from './recorded-request';
import type { SimulatedProvider } from './simulated-provider';
import type { SimulatorState } from './simulator-state';
import { dialectForPath } from './wire/dialect-for-path';
import { isRefusal, type ProviderCall, type Refusal, type WireDialect } from './wire/wire-dialect';

const PROVIDER_PREFIX_LENGTH = '/p/'.length;

function withExtra(
  headers: OutgoingHttpHeaders | undefined,
  extra: OutgoingHttpHeaders | undefined,
): OutgoingHttpHeaders | undefined {
  if (extra === undefined) return headers;
  return headers === undefined ? extra : { ...headers, ...extra };
}

function parseBody(text: string | undefined): { body: unknown; valid: boolean } {
  if (text === undefined) return { body: undefined, valid: true };
  try {
    return { body: JSON.parse(text), valid: true };
  } catch {
    return { body: text, valid: false };
  }
}

/**
 * Answers `/p/{id}/...`: routes by the provider's format, checks the key, records the request,
 * then applies the behaviour (hang, injected error, latency) before the endpoint answers.
 */
export function serveProviderRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  queryText: string,
): void {
  const slash = path.indexOf('/', PROVIDER_PREFIX_LENGTH);
  const id = slash === -1 ? path.slice(PROVIDER_PREFIX_LENGTH) : path.slice(PROVIDER_PREFIX_LENGTH, slash);
  const provider = state.providers.get(id);
  if (provider === undefined) {
    request.resume();
    const body = openAIErrorBody(404, `The simulator has no provider named '${id}'.`, false);
    response.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
    return;
  }
  readBody(
    request,
    (text) => answer(state, provider, request, response, path, slash === -1 ? '' : path.slice(slash), queryText, text),
    () => {
      response.writeHead(413, { connection: 'close' });
      response.end();
    },
  );
}

function requestId(record: RecordedRequest): string {
  return `req_sim${record.sequence}`;
}

/** Answers with the error in the provider's own shape. */
function refuse(
  exchange: Exchange,
  dialect: WireDialect,
  headers: OutgoingHttpHeaders | undefined,
  refusal: Refusal,
  extra?: OutgoingHttpHeaders,
): void {
  const body = dialect.errorBody(refusal.status, refusal.message, requestId(exchange.record));
  const errorHeaders = dialect.errorHeaders?.(refusal.status, refusal.errorType);
  exchange.sendJson(refusal.status, body, withExtra(withExtra(headers, errorHeaders), extra), null);
}

/** What the real API checks before looking at the body: the key, then format-specific headers. */
function refusalOf(
  provider: SimulatedProvider,
  dialect: WireDialect,
  requestHeaders: IncomingHttpHeaders,
  query: Record<string, string>,
  bodyIsJson: boolean,
): Refusal | undefined {
  const key = dialect.presentedKey(requestHeaders, query);
  if (key === undefined) return { status: 401, message: dialect.authenticationMessage(undefined) };
  const expectedKey = provider.behaviour.expectedKey;
  if (expectedKey !== undefined && key !== expectedKey) return { status: 401, message: dialect.authenticationMessage(key) };
  const headerProblem = dialect.headerProblem?.(requestHeaders);
  if (headerProblem !== undefined) return headerProblem;
  if (!bodyIsJson) return { status: 400, message: 'We could not parse the JSON body of your request.' };
  return undefined;
}

function answer(
  state: SimulatorState,
  provider: SimulatedProvider,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  providerPath: string,
  queryText: string,
  text: string | undefined,
): void {
  const method = request.method ?? 'GET';
  const query = parseQuery(queryText);
  const parsed = parseBody(text);
  const record: RecordedRequest = {
    sequence: state.nextSequence(),
    receivedAt: Date.now(),
    method,
    path,
    query,
    headers: copyHeaders(request.headers),
    body: parsed.body,
    status: 0,
    outcome: 'pending',
    stream: false,
    usageSent: null,
    chunksSent: 0,
  };
  provider.records.push(record);
  const exchange = new Exchange(request, response, record, state);
  const { dialect, path: dialectPath } = dialectForPath(provider.format, providerPath);
  const headers = dialect.responseHeaders(requestId(record));

  const route = dialect.route(method, dialectPath, query);
  if (route === undefined) {
    refuse(exchange, dialect, headers, { status: 404, message: `Invalid URL (${method} ${providerPath})` });
    return;
  }
  if (isRefusal(route)) {
    refuse(exchange, dialect, headers, route);
    return;
  }
  const raw = { method, path, query: queryText, headers: request.headers, body: text };
  const refusal = route.endpoint.unauthenticated
    ? undefined
    : (dialect.verifyRequest?.(raw) ?? refusalOf(provider, dialect, request.headers, query, parsed.valid));
  if (refusal !== undefined) {
    refuse(exchange, dialect, headers, refusal);
    return;
  }
  const endpoint = route.endpoint;
  const call: ProviderCall = {
    exchange,
    provider,
    body: parsed.body,
    query,
    pathModel: route.pathModel,
    headers,
    presentedKey: dialect.presentedKey(request.headers, query) ?? '',
  };
  record.stream = endpoint.wantsStream(call);
  const problem = endpoint.problem(call);
  if (problem !== undefined) {
    refuse(exchange, dialect, headers, { status: 400, message: problem });
    return;
  }

  const behaviour = provider.behaviour;
  if (behaviour.hang) {
    exchange.hang();
    return;
  }
  // A credential side door (the OAuth token endpoint) is not the provider's API: faults are injected into the calls it authorises.
  const injected = endpoint.unauthenticated ? null : provider.injectedErrorStatus(endpoint.countsTowardFaults);
  if (injected !== null) {
    const message = behaviour.errorMessage ?? dialect.defaultErrorMessage(injected, provider.id);
    const extra = behaviour.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(behaviour.retryAfterSeconds) };
    exchange.after(behaviour.latencyMs, () => refuse(exchange, dialect, headers, { status: injected, message }, extra));
    return;
  }
  endpoint.answer(call);
}
