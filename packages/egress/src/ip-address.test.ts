import { describe, expect, it } from 'vitest';
import { parseIpAddress } from './ip-address';

describe('parseIpAddress', () => {
  it('reads IPv4 spellings, bare and bracketed IPv6, and nothing else', () => {
    expect(parseIpAddress('0x7f.1')).toEqual({ version: 4, value: 0x7f000001n });
    expect(parseIpAddress('[::1]')).toEqual({ version: 6, value: 1n });
    expect(parseIpAddress('::1')).toEqual({ version: 6, value: 1n });
    expect(parseIpAddress('[127.0.0.1]')).toBeUndefined();
    expect(parseIpAddress('fe80::1%eth0')).toBeUndefined();
    expect(parseIpAddress('localhost')).toBeUndefined();
  });
});
