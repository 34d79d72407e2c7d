import { describe, expect, it } from 'vitest';
import { type IpAddress, parseIpAddress } from './ip-address';
import { type IpRange, ipRangeContains } from './ip-range';

function address(text: string): IpAddress {
  const parsed = parseIpAddress(text);
  if (!parsed) throw new Error(`${text} did not parse`);
  return parsed;
}

function range(text: string): IpRange {
  const [first = '', prefixLength = ''] = text.split('/');
  return { ...address(first), prefixLength: Number(prefixLength) };
}

describe('ipRangeContains', () => {
  it('checks the leading bits only', () => {
    expect(ipRangeContains(range('172.16.0.0/12'), address('172.31.255.255'))).toBe(true);
    expect(ipRangeContains(range('172.16.0.0/12'), address('172.32.0.0'))).toBe(false);
    expect(ipRangeContains(range('fe80::/10'), address('febf:ffff::1'))).toBe(true);
    expect(ipRangeContains(range('fe80::/10'), address('fec0::1'))).toBe(false);
  });

  it('handles the whole space and single addresses', () => {
    expect(ipRangeContains(range('0.0.0.0/0'), address('255.255.255.255'))).toBe(true);
    expect(ipRangeContains(range('::/0'), address('ffff::1'))).toBe(true);
    expect(ipRangeContains(range('10.0.0.5/32'), address('10.0.0.5'))).toBe(true);
    expect(ipRangeContains(range('10.0.0.5/32'), address('10.0.0.4'))).toBe(false);
  });

  it('never matches across IP versions', () => {
    expect(ipRangeContains(range('0.0.0.0/0'), address('::1'))).toBe(false);
    expect(ipRangeContains(range('::/0'), address('127.0.0.1'))).toBe(false);
  });
});
