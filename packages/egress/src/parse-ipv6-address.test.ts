import { describe, expect, it } from 'vitest';
import { parseIpv6Address } from './parse-ipv6-address';

describe('parseIpv6Address', () => {
  it('expands zero compression anywhere', () => {
    expect(parseIpv6Address('::')).toBe(0n);
    expect(parseIpv6Address('::1')).toBe(1n);
    expect(parseIpv6Address('1::')).toBe(1n << 112n);
    expect(parseIpv6Address('1::2')).toBe((1n << 112n) | 2n);
    expect(parseIpv6Address('fe80::1')).toBe((0xfe80n << 112n) | 1n);
    expect(parseIpv6Address('1:2:3:4:5:6:7::')).toBe(parseIpv6Address('1:2:3:4:5:6:7:0'));
  });

  it('reads full, zero-padded and upper-case forms alike', () => {
    const expected = parseIpv6Address('fd00:ec2::254');
    expect(expected).toBe((0xfd00n << 112n) | (0xec2n << 96n) | 0x254n);
    expect(parseIpv6Address('fd00:0ec2:0000:0000:0000:0000:0000:0254')).toBe(expected);
    expect(parseIpv6Address('FD00:EC2:0:0:0:0:0:254')).toBe(expected);
  });

  it('reads an embedded dotted IPv4 tail', () => {
    const mapped = (0xffffn << 32n) | 0x7f000001n;
    expect(parseIpv6Address('::ffff:127.0.0.1')).toBe(mapped);
    expect(parseIpv6Address('::ffff:7f00:1')).toBe(mapped);
    expect(parseIpv6Address('0:0:0:0:0:ffff:127.0.0.1')).toBe(mapped);
    expect(parseIpv6Address('::127.0.0.1')).toBe(0x7f000001n);
  });

  it.each([
    '',
    ':',
    ':::',
    '1:::2',
    '1::2::3',
    ':1::',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '12345::',
    'g::1',
    '::ffff:127.1',
    '::ffff:0x7f.0.0.1',
    '::ffff:127.0.0.01',
    '::127.0.0.1:1',
    'fe80::1%eth0',
    'fe80::1%25eth0',
    '[::1]',
    '127.0.0.1',
  ])('refuses %j', (text) => {
    expect(parseIpv6Address(text)).toBeUndefined();
  });
});
