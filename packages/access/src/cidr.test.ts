import { describe, expect, it } from 'vitest';
import { cidrContains, formatCidr, hasHostBits, parseCidr } from './cidr';
import { parseIpAddress } from './ip-address';

const contains = (range: string, address: string) => cidrContains(parseCidr(range)!, parseIpAddress(address)!);

describe('parseCidr and formatCidr', () => {
  it('reads ranges and bare addresses, and writes them canonically', () => {
    const canonical = (text: string) => formatCidr(parseCidr(text)!);
    expect(canonical('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(canonical('203.0.113.7')).toBe('203.0.113.7/32');
    expect(canonical('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(canonical('2001:DB8:0:0::/32')).toBe('2001:db8::/32');
    expect(canonical('2001:db8::1')).toBe('2001:db8::1/128');
    expect(canonical('::/0')).toBe('::/0');
    expect(canonical('::ffff:10.0.0.0/104')).toBe('10.0.0.0/8');
    expect(canonical('::ffff:192.0.2.1')).toBe('192.0.2.1/32');
  });

  it('refuses malformed ranges', () => {
    for (const text of [
      '',
      '/8',
      '10.0.0.0/',
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/08',
      '10.0.0.0/8/8',
      '2001:db8::/129',
      'fe80::%eth0/64',
      '::ffff:0:0/95',
      '10.0.0/8',
      'example.com/24',
      '10.0.0.0/ 8',
    ]) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });

  it('notices host bits past the prefix', () => {
    expect(hasHostBits(parseCidr('10.0.0.1/8')!)).toBe(true);
    expect(hasHostBits(parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(hasHostBits(parseCidr('10.128.0.0/9')!)).toBe(false);
    expect(hasHostBits(parseCidr('10.192.0.0/9')!)).toBe(true);
    expect(hasHostBits(parseCidr('2001:db8::1/64')!)).toBe(true);
    expect(hasHostBits(parseCidr('2001:db8::/64')!)).toBe(false);
    expect(hasHostBits(parseCidr('1.2.3.4')!)).toBe(false);
  });
});

describe('cidrContains', () => {
  it('matches on the prefix bits, at byte and non-byte boundaries', () => {
    expect(contains('10.0.0.0/8', '10.255.1.2')).toBe(true);
    expect(contains('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(contains('192.168.0.0/23', '192.168.1.255')).toBe(true);
    expect(contains('192.168.0.0/23', '192.168.2.0')).toBe(false);
    expect(contains('203.0.113.7/32', '203.0.113.7')).toBe(true);
    expect(contains('203.0.113.7/32', '203.0.113.8')).toBe(false);
    expect(contains('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(contains('2001:db8::/33', '2001:db8:7fff::')).toBe(true);
    expect(contains('2001:db8::/33', '2001:db8:8000::')).toBe(false);
  });

  it('keeps IPv4 and IPv6 apart, treating mapped clients as IPv4', () => {
    expect(contains('::/0', '1.2.3.4')).toBe(false);
    expect(contains('0.0.0.0/0', '::1')).toBe(false);
    expect(contains('10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(contains('::ffff:10.0.0.0/104', '10.1.2.3')).toBe(true);
  });
});
