import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCidr } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

// Real requests over loopback, so the socket address is what Node reports, not a stand-in.
describe('clientAddress', () => {
  let lastRequest: IncomingMessage | undefined;
  const server = createServer((request, response) => {
    lastRequest = request;
    response.end();
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function requestWith(forwardedFor?: string): Promise<IncomingMessage> {
    await fetch(url, { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } });
    return lastRequest!;
  }

  const loopback = [parseCidr('127.0.0.0/8')!];

  it('is the socket address, ignoring X-Forwarded-For, when no proxy is trusted', async () => {
    expect(clientAddress(await requestWith('198.51.100.9'))).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For from the right behind a trusted proxy, skipping trusted hops', async () => {
    expect(clientAddress(await requestWith('198.51.100.9'), loopback)).toBe('198.51.100.9');
    // The client wrote the first entry itself; the proxy appended what it saw.
    expect(clientAddress(await requestWith('10.9.9.9, 203.0.113.5'), loopback)).toBe('203.0.113.5');
    expect(clientAddress(await requestWith('203.0.113.5, 127.0.0.2'), loopback)).toBe('203.0.113.5');
  });

  it('falls back to the proxy when the header is missing or unreadable', async () => {
    expect(clientAddress(await requestWith(), loopback)).toBe('127.0.0.1');
    expect(clientAddress(await requestWith('not-an-address'), loopback)).toBe('127.0.0.1');
  });

  it('ignores the header from a peer that is not a trusted proxy', async () => {
    expect(clientAddress(await requestWith('198.51.100.9'), [parseCidr('10.0.0.0/8')!])).toBe('127.0.0.1');
  });
});
