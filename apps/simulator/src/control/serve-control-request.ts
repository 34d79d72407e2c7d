import type { IncomingMessage, ServerResponse } from 'node:http';
import { providerAnthropicBaseUrl } from '../provider-anthropic-base-url';
import { providerBaseUrl } from '../provider-base-url';
import { readBody } from '../read-body';
import type { SimulatedFormat } from '../simulated-behaviour';
import type { SimulatorState } from '../simulator-state';
import { UnknownProviderError } from '../unknown-provider-error';
import { isRecord } from '../wire/is-record';

const PROVIDER_PATH = /^\/_control\/providers\/([^/]+)(\/requests)?$/;

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function sendProblem(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: { message } });
}

/**
 * Base URLs use the Host the caller reached the simulator by, so a process that knows it as
 * `simulator:8090` gets URLs it can call.
 */
function originOf(request: IncomingMessage, fallback: string): string {
  const host = request.headers.host;
  return host === undefined ? fallback : `http://${host}`;
}

/** The JSON control API: the same operations as the in-process `Simulator`, for other processes. */
export function serveControlRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  fallbackOrigin: string,
): void {
  readBody(
    request,
    (text) => {
      try {
        route(state, request, response, path, text, originOf(request, fallbackOrigin));
      } catch (error) {
        // Unknown ids are 404; bad JSON, formats, ids and behaviours are the caller's mistake.
        if (error instanceof UnknownProviderError) sendProblem(response, 404, error.message);
        else sendProblem(response, 400, error instanceof Error ? error.message : String(error));
      }
    },
    () => sendProblem(response, 413, 'body too large'),
  );
}

function route(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  text: string | undefined,
  origin: string,
): void {
  const method = request.method ?? 'GET';
  if (path === '/_control/health' && method === 'GET') {
    sendJson(response, 200, { status: 'ok', providers: state.providers.size });
    return;
  }
  if (path === '/_control/reset' && method === 'POST') {
    state.providers.clear();
    response.writeHead(204).end();
    return;
  }
  const match = PROVIDER_PATH.exec(path);
  if (match === null) {
    sendProblem(response, 404, `Unknown control path ${method} ${path}`);
    return;
  }
  const id = decodeURIComponent(match[1]!);
  const body: unknown = text === undefined ? undefined : JSON.parse(text);
  const requests = match[2] === '/requests';

  if (requests && method === 'GET') sendJson(response, 200, state.provider(id).records.list());
  else if (requests && method === 'DELETE') {
    state.provider(id).records.clear();
    response.writeHead(204).end();
  } else if (!requests && method === 'PUT') {
    if (!isRecord(body) || typeof body.format !== 'string') throw new TypeError('body must be { format, behaviour? }');
    const provider = state.addProvider(id, body.format as SimulatedFormat, body.behaviour);
    const baseUrl = providerBaseUrl(origin, id, provider.format);
    const anthropic = provider.format === 'openai' ? { anthropicBaseUrl: providerAnthropicBaseUrl(origin, id) } : {};
    sendJson(response, 200, { id, baseUrl, ...anthropic });
  } else if (!requests && method === 'PATCH') {
    const provider = state.setBehaviour(id, body ?? {});
    const baseUrl = providerBaseUrl(origin, id, provider.format);
    sendJson(response, 200, { id, format: provider.format, baseUrl, behaviour: provider.behaviour });
  } else sendProblem(response, 405, `${method} is not supported on ${path}`);
}
