import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveControlRequest } from './control/serve-control-request';
import { serveProviderRequest } from './serve-provider-request';
import type { SimulatorState } from './simulator-state';

const NOT_FOUND_BODY = JSON.stringify({ error: { message: 'Not found: providers live under /p/{id}, control under /_control' } });

/** Splits the URL by hand (no `new URL` per request) and hands it to the provider or control side. */
export function createRequestHandler(state: SimulatorState, origin: () => string) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path.startsWith('/p/')) {
      serveProviderRequest(state, request, response, path, queryStart === -1 ? '' : url.slice(queryStart + 1));
      return;
    }
    if (path.startsWith('/_control/')) {
      serveControlRequest(state, request, response, path, origin());
      return;
    }
    request.resume();
    response.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(NOT_FOUND_BODY) });
    response.end(NOT_FOUND_BODY);
  };
}
