import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EgressBlockedError } from './egress-blocked-error';
import { type EgressPolicy, parseAllowedHosts } from './egress-policy';
import { createGuardedLookup, type ResolveAll } from './guarded-lookup';

const strict: EgressPolicy = { allowedHosts: [] };

/** A resolver answering from a table, recording what it was asked. */
function fakeResolve(table: Record<string, string[]>, calls: string[] = []): ResolveAll {
  return (hostname, _options, callback) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      return callback(error, []);
    }
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

interface LookupOutcome {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family: number | undefined;
}

function lookUp(lookup: LookupFunction, hostname: string, all: boolean): Promise<LookupOutcome> {
  return new Promise((resolve) => {
    lookup(hostname, { all }, (error, address, family) => resolve({ error, address, family }));
  });
}

const table = {
  'api.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'rebind.example.com': ['10.0.0.5'],
  'public.example.com': ['93.184.215.14'],
  'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
  'mapped.example.com': ['::ffff:169.254.169.254'],
  'vllm.example.com': ['10.0.0.7'],
  localhost: ['127.0.0.1', '::1'],
};

describe('createGuardedLookup', () => {
  it('passes public addresses through, all of them or the first', async () => {
    const lookup = createGuardedLookup(strict, fakeResolve(table));
    expect(await lookUp(lookup, 'api.example.com', true)).toEqual({
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      family: undefined,
    });
    expect(await lookUp(lookup, 'public.example.com', false)).toEqual({ error: null, address: '93.184.215.14', family: 4 });
  });

  it.each([true, false])('refuses a name that resolves to a private address (all: %s)', async (all) => {
    const lookup = createGuardedLookup(strict, fakeResolve(table));
    const { error } = await lookUp(lookup, 'rebind.example.com', all);
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect(error?.code).toBe('EGRESS_BLOCKED');
    expect(error?.message).toContain('rebind.example.com');
    expect(error?.message).toContain('(private)');
    expect(error?.message).toContain('10.0.0.5');
    expect(error).toMatchObject({ hostname: 'rebind.example.com', category: 'private' });
  });

  it('refuses when any one of the addresses is refused', async () => {
    const { error } = await lookUp(createGuardedLookup(strict, fakeResolve(table)), 'mixed.example.com', false);
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', category: 'loopback' });
  });

  it('reads IPv4-mapped answers as the IPv4 address', async () => {
    const { error } = await lookUp(createGuardedLookup(strict, fakeResolve(table)), 'mapped.example.com', true);
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', category: 'cloud-metadata' });
    expect(error?.message).not.toContain('EGRESS_ALLOWED_HOSTS');
  });

  it('checks at every connection, so a name that rebinds to a private address is caught', async () => {
    let answer = '93.184.215.14';
    const rebinding: ResolveAll = (_hostname, _options, callback) => callback(null, [{ address: answer, family: 4 }]);
    const lookup = createGuardedLookup(strict, rebinding);
    expect((await lookUp(lookup, 'rebind.example.com', false)).error).toBeNull();
    answer = '10.0.0.5';
    expect((await lookUp(lookup, 'rebind.example.com', false)).error).toMatchObject({ code: 'EGRESS_BLOCKED' });
  });

  it('asks the resolver for every address whatever the caller asked for', async () => {
    const asked: boolean[] = [];
    const resolve: ResolveAll = (_hostname, options, callback) => {
      asked.push(options.all);
      callback(null, [{ address: '93.184.215.14', family: 4 }]);
    };
    const lookup = createGuardedLookup(strict, resolve);
    await lookUp(lookup, 'public.example.com', false);
    await lookUp(lookup, 'public.example.com', true);
    expect(asked).toEqual([true, true]);
  });

  it('passes the family the caller asked for to the resolver', async () => {
    const families: Array<number | string | undefined> = [];
    const resolve: ResolveAll = (_hostname, options, callback) => {
      families.push(options.family);
      callback(null, [{ address: '93.184.215.14', family: 4 }]);
    };
    const lookup = createGuardedLookup(strict, resolve);
    await new Promise((done) => lookup('public.example.com', { family: 4 }, done));
    expect(families).toEqual([4]);
  });

  it('skips the checks for an allowed name', async () => {
    const lookup = createGuardedLookup({ allowedHosts: parseAllowedHosts('localhost') }, fakeResolve(table));
    expect(await lookUp(lookup, 'localhost', false)).toEqual({ error: null, address: '127.0.0.1', family: 4 });
  });

  it('lets an allowed CIDR block cover the addresses of any name', async () => {
    const lookup = createGuardedLookup({ allowedHosts: parseAllowedHosts('10.0.0.0/24') }, fakeResolve(table));
    expect((await lookUp(lookup, 'vllm.example.com', false)).error).toBeNull();
    expect((await lookUp(lookup, 'localhost', false)).error).toMatchObject({ code: 'EGRESS_BLOCKED' });
  });

  it('holds a host:port entry to the port of the pool it guards', async () => {
    const policy: EgressPolicy = { allowedHosts: parseAllowedHosts('localhost:11434') };
    const onPort = createGuardedLookup(policy, fakeResolve(table), 11434);
    const offPort = createGuardedLookup(policy, fakeResolve(table), 8080);
    expect((await lookUp(onPort, 'localhost', false)).error).toBeNull();
    expect((await lookUp(offPort, 'localhost', false)).error).toMatchObject({ code: 'EGRESS_BLOCKED' });
  });

  it('passes resolver errors through', async () => {
    const { error } = await lookUp(createGuardedLookup(strict, fakeResolve(table)), 'missing.example.com', false);
    expect(error?.code).toBe('ENOTFOUND');
  });

  it('reports a name with no addresses as not found', async () => {
    const empty: ResolveAll = (_hostname, _options, callback) => callback(null, []);
    const { error } = await lookUp(createGuardedLookup(strict, empty), 'empty.example.com', false);
    expect(error?.code).toBe('ENOTFOUND');
  });

  it('uses dns.lookup by default: localhost is refused without any network', async () => {
    const { error } = await lookUp(createGuardedLookup(strict), 'localhost', true);
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', category: 'loopback' });
  });
});
