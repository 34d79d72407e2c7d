import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RefusingProxy, startRefusingProxy } from './refusing-proxy';

let proxy: RefusingProxy;
beforeEach(async () => {
  proxy = await startRefusingProxy();
});
afterEach(() => proxy.close());

function tunnel(target: string): Promise<string> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function proxiedGet(url: string): Promise<number> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: Number(port), path: url, headers: { host: new URL(url).host } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('startRefusingProxy', () => {
  it('refuses tunnels and plain proxied requests, and counts them', async () => {
    expect(await tunnel('api.anthropic.com:443')).toMatch(/^HTTP\/1\.1 403 /);
    expect(await proxiedGet('http://example.com/path')).toBe(403);
    expect(proxy.attempts()).toEqual([
      { method: 'CONNECT', target: 'api.anthropic.com:443' },
      { method: 'GET', target: 'http://example.com/path' },
    ]);
  });

  it('gives the environment that routes everything but loopback into it', () => {
    expect(proxy.environment()).toMatchObject({
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1,localhost',
    });
  });
});
