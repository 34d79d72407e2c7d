import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EgressPolicy, parseAllowedHosts } from './egress-policy';
import { createGuardedLookup, type ResolveAll } from './guarded-lookup';

// undici hands `connect` options to net.connect, so the guard runs at every new connection.

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((_request, response) => response.end('reached'));
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  connections = 0;
});

async function get(origin: string, lookup: ReturnType<typeof createGuardedLookup>): Promise<string> {
  const pool = new Pool(origin, { connect: { lookup } });
  try {
    const response = await pool.request({ path: '/', method: 'GET' });
    return await response.body.text();
  } finally {
    await pool.destroy();
  }
}

function codeOf(error: unknown): string | undefined {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return code === 'EGRESS_BLOCKED' ? code : cause?.code;
}

async function failureCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return codeOf(error);
  }
  throw new Error('the request succeeded');
}

/** Answers every name with one address, as a DNS server under an attacker's control would. */
function answering(address: string): ResolveAll {
  return (_hostname, _options, callback) => callback(null, [{ address, family: 4 }]);
}

describe('a guarded undici Pool', () => {
  it('refuses localhost with an empty policy before any byte reaches the server', async () => {
    const empty: EgressPolicy = { allowedHosts: [] };
    expect(await failureCode(get(`http://localhost:${port}`, createGuardedLookup(empty)))).toBe('EGRESS_BLOCKED');
    expect(connections).toBe(0);
  });

  it('reaches localhost once the operator allows it', async () => {
    const policy: EgressPolicy = { allowedHosts: parseAllowedHosts('localhost') };
    expect(await get(`http://localhost:${port}`, createGuardedLookup(policy))).toBe('reached');
    expect(connections).toBe(1);
  });

  it('refuses a name whose DNS now answers with a private address', async () => {
    const lookup = createGuardedLookup({ allowedHosts: [] }, answering('10.0.0.5'));
    expect(await failureCode(get(`http://rebind.example.com:${port}`, lookup))).toBe('EGRESS_BLOCKED');
  });

  it('connects where the guarded answer points when the address is allowed', async () => {
    // 127.0.0.0/8 stands in for a public answer: the test may not leave loopback.
    const lookup = createGuardedLookup({ allowedHosts: parseAllowedHosts('127.0.0.0/8') }, answering('127.0.0.1'));
    expect(await get(`http://rebind.example.com:${port}`, lookup)).toBe('reached');
    expect(connections).toBe(1);
  });
});

describe('a guarded lookup given a public answer', () => {
  it('passes 93.184.215.14 to the socket unchanged', async () => {
    const lookup = createGuardedLookup({ allowedHosts: [] }, answering('93.184.215.14'));
    const address = await new Promise<string>((resolve, reject) => {
      lookup('rebind.example.com', {}, (error, result) => (error ? reject(error) : resolve(result as string)));
    });
    expect(address).toBe('93.184.215.14');
  });
});
