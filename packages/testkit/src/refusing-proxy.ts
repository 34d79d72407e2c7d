import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One attempt a client made to reach something through the proxy. */
export interface ProxyAttempt {
  /** `CONNECT` for tunnels (HTTPS), else the proxied request's method. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL for plain proxied requests. */
  target: string;
}

export interface RefusingProxy {
  /** `http://127.0.0.1:{port}`, for `HTTPS_PROXY` / `HTTP_PROXY`. */
  url: string;
  /** Every attempt so far, oldest first. */
  attempts(): ProxyAttempt[];
  /**
   * Environment that routes a child's outbound traffic into this proxy while loopback stays direct
   * (both spellings, since tools differ in which one they read).
   */
  environment(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A local HTTP proxy that refuses every tunnel (CONNECT) and every plain proxied request, and
 * counts them. Tests point a real client's proxy variables at it so that nothing it tries can
 * leave the machine, and can then assert what it tried.
 */
export async function startRefusingProxy(): Promise<RefusingProxy> {
  const attempts: ProxyAttempt[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    attempts.push({ method: request.method ?? 'GET', target: request.url ?? '' });
    request.resume();
    response.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
    response.end('This test proxy refuses every request: nothing may leave the machine.\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('connect', (request, socket) => {
    attempts.push({ method: 'CONNECT', target: request.url ?? '' });
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    attempts: () => attempts.map((attempt) => ({ ...attempt })),
    environment: () => ({
      HTTPS_PROXY: url,
      HTTP_PROXY: url,
      https_proxy: url,
      http_proxy: url,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
