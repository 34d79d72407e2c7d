import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WorkerStatusSource {
  /** Whether the worker is consuming (liveness). */
  running(): boolean;
  /** Prometheus text: the worker's counters and the queue's job counts. */
  metrics(): Promise<string>;
}

export interface WorkerStatusServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A small HTTP server for orchestrators and Prometheus: `/healthz` (200 while the worker consumes,
 * 503 otherwise) and `/metrics`. Nothing else is served, and nothing secret is in either.
 */
export async function serveWorkerStatus(source: WorkerStatusSource, port: number, host: string): Promise<WorkerStatusServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/healthz') {
      const running = source.running();
      response.writeHead(running ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: running ? 'ok' : 'stopped' }));
      return;
    }
    if (request.method === 'GET' && path === '/metrics') {
      source.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          response.end(text);
        },
        () => {
          response.writeHead(503, { 'content-type': 'text/plain' });
          response.end('queue unreachable\n');
        },
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
