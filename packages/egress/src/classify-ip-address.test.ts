import { describe, expect, it } from 'vitest';
import { classifyIpAddress } from './classify-ip-address';

function categoryOf(text: string): string {
  return classifyIpAddress(text).category;
}

function reasonOf(text: string): string {
  const classification = classifyIpAddress(text);
  if (classification.category === 'public') throw new Error(`${text} was classified public`);
  return classification.reason;
}

describe('classifyIpAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    ['64:ff9b:1::a00:5', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.253', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['169.254.169.254', 'cloud-metadata'],
    ['169.254.170.2', 'cloud-metadata'],
    ['100.100.100.200', 'cloud-metadata'],
    ['168.63.129.16', 'cloud-metadata'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['2001:2::1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['100::1', 'reserved'],
    ['2001:10::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
  ])('%s is %s', (address, category) => {
    expect(categoryOf(address)).toBe(category);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '[2606:4700:4700::1111]',
  ])('%s is public', (address) => {
    expect(categoryOf(address)).toBe('public');
  });

  it('names the range and the cloud behind a metadata address', () => {
    expect(reasonOf('127.0.0.1')).toBe('127.0.0.1 is a loopback address (127.0.0.0/8)');
    expect(reasonOf('169.254.169.254')).toContain('cloud metadata service of AWS, Google Cloud, Azure');
    expect(reasonOf('100.100.100.200')).toContain('Alibaba Cloud metadata service');
    expect(reasonOf('fd00:ec2::254')).toContain('AWS metadata service over IPv6');
  });

  describe('IPv4 spellings', () => {
    it.each(['2130706433', '0x7f000001', '017700000001', '0x7f.1', '0177.0.0.1', '127.1', '127.000.000.001', '127.0.0.1.'])(
      '%s is loopback and the reason shows the dotted form',
      (spelling) => {
        expect(categoryOf(spelling)).toBe('loopback');
        expect(reasonOf(spelling)).toBe(`${spelling} (127.0.0.1) is a loopback address (127.0.0.0/8)`);
      },
    );

    it('reads the metadata address spelled as one number or in hex', () => {
      expect(categoryOf('2852039166')).toBe('cloud-metadata');
      expect(categoryOf('0xa9fea9fe')).toBe('cloud-metadata');
      expect(categoryOf('0xa9.0xfe.0xa9.0xfe')).toBe('cloud-metadata');
      expect(categoryOf('169.254.43518')).toBe('cloud-metadata');
    });
  });

  describe('IPv6 forms that embed IPv4', () => {
    it.each([
      ['::ffff:127.0.0.1', 'loopback', 'IPv4-mapped'],
      ['::ffff:7f00:1', 'loopback', 'IPv4-mapped'],
      ['0:0:0:0:0:ffff:7f00:1', 'loopback', 'IPv4-mapped'],
      ['[::ffff:7f00:1]', 'loopback', 'IPv4-mapped'],
      ['::ffff:a9fe:a9fe', 'cloud-metadata', 'IPv4-mapped'],
      ['0:0:0:0:0:ffff:a9fe:a9fe', 'cloud-metadata', 'IPv4-mapped'],
      ['::ffff:10.0.0.5', 'private', 'IPv4-mapped'],
      ['::127.0.0.1', 'loopback', 'IPv4-compatible'],
      ['::7f00:1', 'loopback', 'IPv4-compatible'],
      ['::a00:5', 'private', 'IPv4-compatible'],
      ['64:ff9b::127.0.0.1', 'loopback', 'NAT64'],
      ['64:ff9b::a9fe:a9fe', 'cloud-metadata', 'NAT64'],
      ['64:ff9b::c0a8:101', 'private', 'NAT64'],
      ['2002:7f00:1::', 'loopback', '6to4'],
      ['2002:a00:5:1::1', 'private', '6to4'],
      ['2002:a9fe:a9fe::', 'cloud-metadata', '6to4'],
    ])('%s is %s (%s)', (address, category, form) => {
      expect(categoryOf(address)).toBe(category);
      expect(reasonOf(address)).toContain(form);
    });

    it('explains the IPv4 address inside', () => {
      expect(reasonOf('::ffff:7f00:1')).toBe(
        '::ffff:7f00:1 is an IPv4-mapped IPv6 address (::ffff:0:0/96) for 127.0.0.1, a loopback address (127.0.0.0/8)',
      );
    });

    it('passes mapped, NAT64 and 6to4 forms of a public address', () => {
      expect(categoryOf('::ffff:93.184.215.14')).toBe('public');
      expect(categoryOf('::ffff:5db8:d70e')).toBe('public');
      expect(categoryOf('64:ff9b::8.8.8.8')).toBe('public');
      expect(categoryOf('2002:808:808::1')).toBe('public');
    });

    it('refuses the deprecated IPv4-compatible form even around a public address', () => {
      expect(categoryOf('::8.8.8.8')).toBe('reserved');
      expect(reasonOf('::8.8.8.8')).toContain('IPv4-compatible');
    });

    it('refuses Teredo whatever it carries', () => {
      expect(categoryOf('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toBe('reserved');
      expect(reasonOf('2001::1')).toContain('Teredo');
    });
  });

  it('refuses zone ids', () => {
    expect(categoryOf('fe80::1%eth0')).toBe('scoped');
    expect(categoryOf('fe80::1%25eth0')).toBe('scoped');
    expect(categoryOf('2606:4700:4700::1111%1')).toBe('scoped');
    expect(reasonOf('fe80::1%eth0')).toContain('zone id');
  });

  it.each(['example.com', '', '1.2.3.4.5', '256.1.1.1', '[127.0.0.1]', 'localhost'])('%j is not an IP address', (text) => {
    expect(categoryOf(text)).toBe('invalid');
  });
});
