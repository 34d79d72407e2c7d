import type { IncomingMessage } from 'node:http';

/**
 * The client's address as the socket sees it. Behind a load balancer this is the balancer's;
 * trusting X-Forwarded-For needs an operator setting for which proxies to believe (not yet).
 */
export function clientAddress(incoming: IncomingMessage): string {
  return incoming.socket.remoteAddress ?? '';
}
