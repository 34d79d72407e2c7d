import type { IncomingMessage } from 'node:http';
import { type Cidr, cidrContains, parseIpAddress } from '@switchboard/access';

function trusted(address: string, proxies: readonly Cidr[]): boolean {
  const parsed = parseIpAddress(address);
  return parsed !== undefined && proxies.some((cidr) => cidrContains(cidr, parsed));
}

/**
 * The client's address. Without trusted proxies (TRUSTED_PROXIES) it is the socket's, and
 * X-Forwarded-For is ignored: anyone could write it. When the socket's peer is a trusted proxy,
 * X-Forwarded-For is read from the right (each proxy appends the address it saw) and the first
 * address that is not itself a trusted proxy is the client; so a client cannot choose its own
 * address by sending the header, only the proxies the operator named can.
 */
export function clientAddress(incoming: IncomingMessage, trustedProxies: readonly Cidr[] = []): string {
  const peer = incoming.socket.remoteAddress ?? '';
  if (trustedProxies.length === 0 || !trusted(peer, trustedProxies)) return peer;
  const header = incoming.headers['x-forwarded-for'];
  if (header === undefined) return peer;
  const hops = (Array.isArray(header) ? header.join(',') : header).split(',');
  let client = peer;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!.trim();
    if (parseIpAddress(hop) === undefined) break;
    client = hop;
    if (!trusted(hop, trustedProxies)) break;
  }
  return client;
}
