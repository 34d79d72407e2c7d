import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowedHosts } from '@switchboard/egress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelSignal } from '../http/cancel-signal';
import { UpstreamClient } from './upstream-client';

const timeouts = { connectMs: 1_000, firstByteMs: 1_000, idleMs: 300, totalMs: 5_000, requestMs: 5_000 };

describe('UpstreamClient.sendForText', () => {
  let server: Server;
  let base: string;
  let client: UpstreamClient;
  const seenHeaders: Record<string, string | string[] | undefined>[] = [];

  beforeAll(async () => {
    server = createServer((incoming, outgoing) => {
      seenHeaders.push(incoming.headers);
      incoming.resume();
      incoming.on('end', () => {
        switch (incoming.url) {
          case '/ok':
            outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[]}');
            return;
          case '/bom':
            outgoing.writeHead(200).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]));
            return;
          case '/limited':
            outgoing.writeHead(429, { 'retry-after': '7' }).end('{"error":{"message":"slow down"}}');
            return;
          case '/huge-error':
            outgoing.writeHead(500);
            outgoing.write('x'.repeat(300_000));
            // Never ends: the client must stop reading on its own.
            return;
          case '/broken-error':
            outgoing.writeHead(503);
            outgoing.write('{"error":');
            setTimeout(() => outgoing.destroy(), 20);
            return;
          case '/hang':
            outgoing.writeHead(200);
            outgoing.write('{"partial":');
            return;
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new UpstreamClient(timeouts, { allowedHosts: parseAllowedHosts('127.0.0.1') });
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (path: string) => ({
    url: `${base}${path}`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', 'x-request-id': 'adapter' },
    body: '{}',
  });

  it('returns a whole answer as text, with the gateway headers winning over the adapter ones', async () => {
    const response = await client.sendForText(request('/ok'), new CancelSignal(), { 'x-request-id': 'req_1' }, 100);
    expect(response).toEqual({ statusCode: 200, retryAfter: undefined, text: '{"choices":[]}' });
    expect(seenHeaders.at(-1)?.['x-request-id']).toBe('req_1');
  });

  it('skips a UTF-8 byte order mark, as body.text() does', async () => {
    const response = await client.sendForText(request('/bom'), new CancelSignal(), {}, 100);
    expect(response.text).toBe('{"a":"é"}');
  });

  it("reports a failed answer's status, Retry-After and body", async () => {
    const response = await client.sendForText(request('/limited'), new CancelSignal(), {}, 100);
    expect(response).toEqual({ statusCode: 429, retryAfter: '7', text: '{"error":{"message":"slow down"}}' });
  });

  it('cuts a huge error body at the limit without waiting for its end', async () => {
    const response = await client.sendForText(request('/huge-error'), new CancelSignal(), {}, 1_000);
    expect(response.statusCode).toBe(500);
    expect(response.text).toBe('x'.repeat(1_000));
  });

  it('keeps the status of a failed answer whose body breaks', async () => {
    const response = await client.sendForText(request('/broken-error'), new CancelSignal(), {}, 100);
    expect(response).toEqual({ statusCode: 503, retryAfter: undefined, text: '{"error":' });
  });

  it('rejects with the idle timeout when a successful body stalls', async () => {
    await expect(client.sendForText(request('/hang'), new CancelSignal(), {}, 100)).rejects.toMatchObject({
      code: 'UND_ERR_BODY_TIMEOUT',
    });
  });

  it('rejects with the reason when the signal aborts, before or during the request', async () => {
    const before = new CancelSignal();
    before.abort(new Error('gone before'));
    await expect(client.sendForText(request('/ok'), before, {}, 100)).rejects.toThrow('gone before');
    const during = new CancelSignal();
    const pending = client.sendForText(request('/hang'), during, {}, 100);
    setTimeout(() => during.abort(new Error('gone during')), 20);
    await expect(pending).rejects.toThrow('gone during');
    expect(during.listenerCount('abort')).toBe(0);
  });
});

describe('UpstreamClient.authorize', () => {
  const built = { url: 'https://provider.example/v1/chat', method: 'POST' as const, headers: {}, body: '{}' };
  const target = {
    provider: { id: 'cloud', adapter: 'vertex' as const, baseUrl: 'https://provider.example', enabled: true, models: [] },
    upstreamModel: 'model',
    apiKey: 'key',
  };

  it('sends a request of an adapter without a credential step as built', async () => {
    const client = new UpstreamClient(timeouts, { allowedHosts: [] });
    const adapter = { authorize: undefined } as unknown as Parameters<UpstreamClient['authorize']>[0];
    expect(await client.authorize(adapter, target, built)).toBe(built);
  });

  it('lends the adapter its own HTTP, so a token exchange passes the egress guard', async () => {
    const client = new UpstreamClient(timeouts, { allowedHosts: [] });
    let seen: unknown;
    const adapter = {
      async authorize(request: typeof built, _target: unknown, http: (request: typeof built) => Promise<unknown>) {
        // A key whose token_uri points inside the network must not reach it.
        seen = await http({ url: 'http://10.0.0.1/token', method: 'POST', headers: {}, body: 'grant_type=x' }).catch(
          (error) => error,
        );
        return request;
      },
    } as unknown as Parameters<UpstreamClient['authorize']>[0];
    await client.authorize(adapter, target, built);
    expect((seen as { code?: string }).code).toBe('EGRESS_BLOCKED');
    await client.close();
  });
});
