import { describe, expect, it } from 'vitest';
import { type EgressPolicy, EgressPolicyError, isHostAllowed, parseAllowedHosts } from './egress-policy';

function policy(value: string): EgressPolicy {
  return { allowedHosts: parseAllowedHosts(value) };
}

function parseError(value: string): EgressPolicyError {
  try {
    parseAllowedHosts(value);
  } catch (error) {
    expect(error).toBeInstanceOf(EgressPolicyError);
    return error as EgressPolicyError;
  }
  throw new Error(`parseAllowedHosts(${JSON.stringify(value)}) did not throw`);
}

describe('parseAllowedHosts', () => {
  it('allows nothing when unset or empty', () => {
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts('')).toEqual([]);
    expect(parseAllowedHosts(' , ')).toEqual([]);
  });

  it('reads every entry form', () => {
    expect(parseAllowedHosts('localhost, ollama:11434,[::1]:8000,::1,10.0.0.0/8,fd00::/8,127.0.0.1:8080')).toEqual([
      { kind: 'name', entry: 'localhost', name: 'localhost', port: undefined },
      { kind: 'name', entry: 'ollama:11434', name: 'ollama', port: 11434 },
      { kind: 'address', entry: '[::1]:8000', address: { version: 6, value: 1n }, port: 8000 },
      { kind: 'address', entry: '::1', address: { version: 6, value: 1n }, port: undefined },
      { kind: 'range', entry: '10.0.0.0/8', range: { version: 4, value: 0x0a000000n, prefixLength: 8 } },
      { kind: 'range', entry: 'fd00::/8', range: { version: 6, value: 0xfd00n << 112n, prefixLength: 8 } },
      { kind: 'address', entry: '127.0.0.1:8080', address: { version: 4, value: 0x7f000001n }, port: 8080 },
    ]);
  });

  it('canonicalises names and IPv4 spellings the way URLs are', () => {
    const [upper, dotted, decimal, short, bracketed] = parseAllowedHosts(
      'VLLM.Lan.,gpu.example.,2130706433,127.1,[::FFFF:7F00:1]',
    );
    expect(upper).toMatchObject({ kind: 'name', name: 'vllm.lan' });
    expect(dotted).toMatchObject({ kind: 'name', name: 'gpu.example' });
    expect(decimal).toMatchObject({ kind: 'address', address: { version: 4, value: 0x7f000001n } });
    expect(short).toMatchObject({ kind: 'address', address: { version: 4, value: 0x7f000001n } });
    expect(bracketed).toMatchObject({ kind: 'address', address: { version: 4, value: 0x7f000001n } });
  });

  it.each([
    ['http://localhost:11434', 'is a URL'],
    ['localhost:0', "port '0'"],
    ['localhost:65536', "port '65536'"],
    ['localhost:', "port ''"],
    ['localhost:abc', "port 'abc'"],
    ['[::1]:99999', "port '99999'"],
    ['::1:8080:', 'needs brackets'],
    ['fe80::1%eth0', 'zone id'],
    ['[fe80::1%eth0]:80', 'zone id'],
    ['fe80::%eth0/64', 'zone id'],
    ['[127.0.0.1]:80', 'is not an IPv6 address'],
    ['[::1', 'must be host, host:port'],
    ['10.0.0.0/33', "prefix length '33'"],
    ['fd00::/129', "prefix length '129'"],
    ['10.0.0.0/', "prefix length ''"],
    ['10.0.0.0/x', "prefix length 'x'"],
    ['10.0.0.1/8', 'bits set after the prefix'],
    ['localhost/8', "'localhost' is not an IP address"],
    ['*.example.com', 'wildcard'],
    ['user@host', 'must be host, host:port'],
    ['bad host', 'must be host, host:port'],
    ['a..b', 'not a valid host name'],
    ['-leading.example', 'not a valid host name'],
    ['1.2.3.4.5', 'not a valid host name'],
  ])('refuses %j with a clear error', (value, message) => {
    const error = parseError(value);
    expect(error.message).toContain(`EGRESS_ALLOWED_HOSTS entry '${value}'`);
    expect(error.message).toContain(message);
  });

  it('names the bad entry among good ones', () => {
    expect(parseError('localhost, ollama:port, 10.0.0.0/8').message).toContain("'ollama:port'");
  });
});

describe('isHostAllowed', () => {
  const allowed = policy('localhost,ollama:11434,[::1]:8000,10.0.0.0/8,fd00::/8,100.64.0.0/10,192.168.1.20,169.254.169.254');

  it('matches names without case or trailing dot, on any port when no port is given', () => {
    expect(isHostAllowed(allowed, 'localhost', 80)).toBe(true);
    expect(isHostAllowed(allowed, 'LOCALHOST', 11434)).toBe(true);
    expect(isHostAllowed(allowed, 'localhost.', 443)).toBe(true);
    expect(isHostAllowed(allowed, 'localhost.localdomain', 80)).toBe(false);
    expect(isHostAllowed(allowed, 'api.localhost', 80)).toBe(false);
  });

  it('holds a host:port entry to its port', () => {
    expect(isHostAllowed(allowed, 'ollama', 11434)).toBe(true);
    expect(isHostAllowed(allowed, 'ollama', 80)).toBe(false);
    expect(isHostAllowed(allowed, '[::1]', 8000)).toBe(true);
    expect(isHostAllowed(allowed, '::1', 8000)).toBe(true);
    expect(isHostAllowed(allowed, '[::1]', 8001)).toBe(false);
  });

  it('lets an unknown port (a DNS lookup) match an entry for any port', () => {
    expect(isHostAllowed(allowed, 'ollama', undefined)).toBe(true);
    expect(isHostAllowed(allowed, 'other', undefined)).toBe(false);
  });

  it('matches exact addresses and CIDR blocks, also through IPv4-mapped IPv6', () => {
    expect(isHostAllowed(allowed, '192.168.1.20', 443)).toBe(true);
    expect(isHostAllowed(allowed, '192.168.1.21', 443)).toBe(false);
    expect(isHostAllowed(allowed, '10.1.2.3', 443)).toBe(true);
    expect(isHostAllowed(allowed, '11.0.0.1', 443)).toBe(false);
    expect(isHostAllowed(allowed, '[::ffff:10.1.2.3]', 443)).toBe(true);
    expect(isHostAllowed(allowed, '[::ffff:a01:203]', 443)).toBe(true);
    expect(isHostAllowed(allowed, '[fd12::1]', 443)).toBe(true);
    expect(isHostAllowed(allowed, '[fe80::1]', 443)).toBe(false);
  });

  it('never lets a CIDR block cover a cloud metadata address', () => {
    expect(isHostAllowed(allowed, '100.100.100.100', 443)).toBe(true);
    expect(isHostAllowed(allowed, '100.100.100.200', 80)).toBe(false);
    expect(isHostAllowed(allowed, '[fd00:ec2::254]', 80)).toBe(false);
    // An exact entry is a deliberate choice.
    expect(isHostAllowed(allowed, '169.254.169.254', 80)).toBe(true);
  });

  it('does not treat a name as an address or an address as a name', () => {
    const names = policy('10.0.0.5.example.com');
    expect(isHostAllowed(names, '10.0.0.5', 443)).toBe(false);
    expect(isHostAllowed(names, '10.0.0.5.example.com', 443)).toBe(true);
    const addresses = policy('127.0.0.1');
    expect(isHostAllowed(addresses, 'localhost', 80)).toBe(false);
  });

  it('allows nothing with an empty policy', () => {
    expect(isHostAllowed({ allowedHosts: [] }, 'localhost', 80)).toBe(false);
    expect(isHostAllowed({ allowedHosts: [] }, '127.0.0.1', undefined)).toBe(false);
  });
});
